import { Page, Locator, expect } from '@playwright/test';
import { openApp, RequestLog } from '../fixtures';

/** A step as the learner sees it: its heading and the pane's text. */
export type SeenStep = { position: string; title: string; text: string };

/** The Flows section, found by label, role and text. */
export class FlowsPage {
  constructor(readonly page: Page) {}

  /** Opens the app at `fragment` (default: the Flows section) and waits for the first step. */
  async open(requests: RequestLog, fragment = '#flows') {
    await openApp(this.page, requests, fragment);
    await expect(this.heading).toBeVisible();
    await expect(this.stepTitle).not.toBeEmpty();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Flows' });
  }

  get flowSelect(): Locator {
    return this.page.getByLabel('Flow', { exact: true });
  }

  get controls(): Locator {
    return this.page.getByRole('group', { name: 'Step controls' });
  }

  get position(): Locator {
    return this.controls.getByText(/^Step \d+ of \d+$/);
  }

  get nextButton(): Locator {
    return this.controls.getByRole('button', { name: /^(Next|Send tampered|Finished)/ });
  }

  get backButton(): Locator {
    return this.controls.getByRole('button', { name: /Back/ });
  }

  get tamperMode(): Locator {
    return this.page.getByLabel('Tamper mode');
  }

  get presentationButton(): Locator {
    return this.controls.getByRole('button', { name: 'Presentation mode' });
  }

  /** The pane showing the current step. */
  get currentStep(): Locator {
    return this.page.getByRole('region', { name: 'Current step' });
  }

  get stepTitle(): Locator {
    return this.currentStep.getByRole('heading', { level: 2 });
  }

  get diagram(): Locator {
    return this.page.getByRole('img', { name: /^Sequence diagram/ });
  }

  /** The "Steps so far" list (the diagram's text alternative). */
  stepButton(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }

  get ending(): Locator {
    return this.currentStep.getByRole('status');
  }

  async chooseFlow(title: string) {
    await this.flowSelect.selectOption({ label: title });
    await expect(this.position).toHaveText(/^Step 1 of \d+$/);
  }

  /** The step shown now. */
  async seen(): Promise<SeenStep> {
    return {
      position: (await this.position.textContent())!.trim(),
      title: (await this.stepTitle.textContent())!.trim(),
      text: (await this.currentStep.textContent())!,
    };
  }

  /** Presses → (with focus outside any text field) and waits for the position to move. */
  async pressNext() {
    const before = await this.position.textContent();
    await this.page.keyboard.press('ArrowRight');
    await expect(this.position).not.toHaveText(before!);
  }

  /**
   * Walks with → to the end of the flow, returning every step seen (the first included). Stops
   * when Next is disabled (the flow has ended and its last step is shown).
   */
  async walkToEnd(maxSteps = 60): Promise<SeenStep[]> {
    const seen: SeenStep[] = [await this.seen()];
    for (let i = 0; i < maxSteps; i++) {
      if (await this.nextButton.isDisabled()) return seen;
      await this.pressNext();
      seen.push(await this.seen());
    }
    throw new Error(`the flow did not end within ${maxSteps} steps`);
  }

  /** Walks with → until the step title matches. */
  async walkUntil(title: RegExp, maxSteps = 40): Promise<SeenStep[]> {
    const seen: SeenStep[] = [await this.seen()];
    for (let i = 0; i < maxSteps && !title.test(seen[seen.length - 1].title); i++) {
      await this.pressNext();
      seen.push(await this.seen());
    }
    expect(seen[seen.length - 1].title).toMatch(title);
    return seen;
  }

  /** Fills a tamperable value (tamper mode must be on and the step the last one). */
  async tamper(label: string, value: string) {
    await this.currentStep.getByLabel(label).fill(value);
  }

  /** Tamper mode's "Wait before sending (seconds)" input (token requests redeeming a code). */
  get waitInput(): Locator {
    return this.currentStep.getByLabel(/^Wait before sending \(seconds\)/);
  }

  get expireCodeButton(): Locator {
    return this.currentStep.getByRole('button', { name: 'Wait until the code expires' });
  }

  async sendTampered() {
    await this.currentStep.getByRole('button', { name: 'Send tampered message' }).click();
  }

  openTokenButton(name: string): Locator {
    return this.currentStep.getByRole('button', { name: `Open in Debugger: ${name}` });
  }
}
