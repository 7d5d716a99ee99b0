//! A learner's run through one flow: the engine's [`Flow`] plus what is needed to replay it.
//!
//! The flow draws its random values (state, verifier, codes, token ids, ECDSA nonces) from a
//! ChaCha20 stream seeded once per run from the operating system. Keeping the seed and the edits
//! the learner made lets the run be rebuilt to any earlier step with exactly the same values —
//! that is how "go back and tamper with step 3" works — while the seed itself never leaves
//! memory. A link (`#flows&flow=…&step=4`) cannot carry it (it would regenerate the server's
//! tokens), so opening a link replays the flow to that step with fresh random values.
//!
//! The server's signing key is generated once per algorithm and reused across runs, because RSA
//! key generation takes a moment.
//!
//! The flow keeps its own clock (the device polls 5 s later, a token is used again after it
//! expired). [`Session::start_ending_at`] sets that clock so the untouched flow's last step
//! happens at the given time — the browser's now — so the tokens it shows are never issued in
//! the future when opened in the Debugger, and those the story says expired have expired.

use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRngCore, OsRng, RngCore, SeedableRng};
use tokenlab_engine::keys::{self, Key, KeyGenKind};
use tokenlab_engine::oauth::flows::{Flow, FlowError, FlowKind, Settings, Step};

/// A fresh seed from the operating system's generator.
pub fn fresh_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    OsRng.fill_bytes(&mut seed);
    seed
}

/// Generates the simulated server's signing key for `alg` (the settings' algorithm).
pub fn generate_server_key(
    alg: tokenlab_engine::jwa::Alg,
    rng: &mut impl CryptoRngCore,
) -> Result<Key, String> {
    let kind = KeyGenKind::for_alg(alg)
        .filter(|_| alg.is_asymmetric())
        .ok_or_else(|| format!("the simulated server cannot sign with {}", alg.name()))?;
    keys::generate(kind, rng).map_err(|e| e.to_string())
}

/// What the learner did to one step's message when it was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Sent {
    /// The changed values (name, new value).
    edits: Vec<(String, String)>,
    /// The seconds of simulated time let pass before sending (see [`Flow::wait`]).
    wait: i64,
}

/// One run through a flow.
#[derive(Clone, Debug)]
pub struct Session {
    flow: Flow,
    rng: ChaCha20Rng,
    seed: [u8; 32],
    key: Key,
    now: i64,
    settings: Settings,
    /// `sent[i]`: the learner's changes to step `i`'s message and the wait before it, applied
    /// when it was sent.
    sent: Vec<Sent>,
    total: usize,
    /// The simulated time of the untouched run's last step.
    end_clock: i64,
}

impl Session {
    /// Starts `kind` at simulated time `now` with a server signing with `key`, drawing random
    /// values from `seed`.
    pub fn start(
        kind: FlowKind,
        settings: Settings,
        key: Key,
        now: i64,
        seed: [u8; 32],
    ) -> Result<Session, FlowError> {
        let mut rng = ChaCha20Rng::from_seed(seed);
        let flow = Flow::with_key(kind, settings.clone(), key.clone(), now, &mut rng)?;
        let mut session = Session {
            flow,
            rng,
            seed,
            key,
            now,
            settings,
            sent: Vec::new(),
            total: 0,
            end_clock: now,
        };
        session.project();
        Ok(session)
    }

    /// Starts `kind` so that, untouched, its last step happens at `end` (Unix seconds).
    pub fn start_ending_at(
        kind: FlowKind,
        settings: Settings,
        key: Key,
        end: i64,
        seed: [u8; 32],
    ) -> Result<Session, FlowError> {
        let probe = Session::start(kind, settings.clone(), key.clone(), end, seed)?;
        let span = probe.end_clock.saturating_sub(end).max(0);
        Session::start(kind, settings, key, end.saturating_sub(span), seed)
    }

    /// The flow as it stands.
    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    /// Which flow.
    pub fn kind(&self) -> FlowKind {
        self.flow.kind
    }

    /// The settings the learner chose (the flow may override some, see [`Flow::settings`]).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The steps so far.
    pub fn steps(&self) -> &[Step] {
        &self.flow.steps
    }

    /// Index of the last step (the one whose message has not been delivered yet).
    pub fn frontier(&self) -> usize {
        self.flow.steps.len().saturating_sub(1)
    }

    /// How many steps the run has if nothing (more) is tampered with: the steps so far plus
    /// those the untouched flow would still take.
    pub fn total(&self) -> usize {
        self.total
    }

    /// True once the flow has ended.
    pub fn finished(&self) -> bool {
        self.flow.finished()
    }

    /// The simulated server's JWK Set, pretty-printed: the key that verifies its tokens.
    pub fn jwks_text(&self) -> String {
        format!("{:#}", self.flow.server.jwks())
    }

    /// Delivers the last step's message with the learner's `edits` (name, new value) and
    /// computes the next step. False when the flow had already ended.
    pub fn send(&mut self, edits: Vec<(String, String)>) -> bool {
        self.send_after(0, edits)
    }

    /// Like [`Session::send`], after letting `wait` seconds of simulated time pass (an
    /// authorization code sent too late is refused; see [`Flow::wait`]).
    pub fn send_after(&mut self, wait: i64, edits: Vec<(String, String)>) -> bool {
        if self.flow.finished() {
            return false;
        }
        let at = self.frontier();
        let sent = Sent {
            edits,
            wait: wait.max(0),
        };
        let moved = Session::deliver(&mut self.flow, &sent, &mut self.rng);
        self.sent.truncate(at);
        self.sent.resize(at, Sent::default());
        self.sent.push(sent);
        self.project();
        moved || self.flow.finished()
    }

    /// Waits and sends as the learner did; true when a step followed.
    fn deliver(flow: &mut Flow, sent: &Sent, rng: &mut impl CryptoRngCore) -> bool {
        let pairs: Vec<(&str, &str)> = sent
            .edits
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        flow.wait(sent.wait);
        flow.next(&pairs, rng).is_some()
    }

    /// Rebuilds the run up to step `index` (0-based) with the same random values, the same
    /// edits and the same waits, dropping the later steps, so the learner can change what step `index` sends.
    pub fn rewind(&mut self, index: usize) -> Result<(), FlowError> {
        let mut rng = ChaCha20Rng::from_seed(self.seed);
        let mut flow = Flow::with_key(
            self.kind(),
            self.settings.clone(),
            self.key.clone(),
            self.now,
            &mut rng,
        )?;
        let mut kept = Vec::new();
        for sent in self.sent.iter().take(index) {
            if !Session::deliver(&mut flow, sent, &mut rng) {
                break;
            }
            kept.push(sent.clone());
        }
        self.flow = flow;
        self.rng = rng;
        self.sent = kept;
        self.project();
        Ok(())
    }

    /// Sends untouched messages until step `index` (0-based) exists or the flow ends.
    pub fn forward_to(&mut self, index: usize) {
        while self.flow.steps.len() <= index && !self.flow.finished() {
            if !self.send(Vec::new()) {
                break;
            }
        }
    }

    fn project(&mut self) {
        let mut flow = self.flow.clone();
        let mut rng = self.rng.clone();
        flow.run_to_end(&mut rng);
        self.total = flow.steps.len().max(self.flow.steps.len());
        self.end_clock = flow.steps.last().map_or(flow.clock, |s| s.at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokenlab_engine::jwa::Alg;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NOW: i64 = 1_750_000_000;

    fn session(kind: FlowKind, seed: u8) -> Session {
        let mut rng = ChaCha20Rng::from_seed([seed; 32]);
        let key = generate_server_key(Alg::ES256, &mut rng).expect("key");
        Session::start(kind, kind.default_settings(), key, NOW, [seed; 32]).expect("start")
    }

    fn titles(s: &Session) -> Vec<String> {
        s.steps().iter().map(|s| s.title.clone()).collect()
    }

    #[test]
    fn the_projected_total_is_the_length_of_the_untouched_run() {
        let mut s = session(FlowKind::AuthorizationCodePkce, 1);
        let total = s.total();
        assert!(total > 5, "{total}");
        while s.send(Vec::new()) {}
        assert!(s.finished());
        assert_eq!(s.steps().len(), total);
        assert_eq!(s.total(), total);
    }

    #[test]
    fn rewinding_replays_the_same_values_and_drops_the_later_steps() {
        let mut s = session(FlowKind::AuthorizationCodePkce, 2);
        s.forward_to(6);
        let before: Vec<_> = s.steps().iter().map(|st| st.message.clone()).collect();
        s.rewind(3).expect("rewind");
        assert_eq!(s.steps().len(), 4);
        s.forward_to(6);
        let after: Vec<_> = s.steps().iter().map(|st| st.message.clone()).collect();
        assert_eq!(before, after, "same seed, same codes and tokens");
    }

    #[test]
    fn a_tampered_code_verifier_is_answered_invalid_grant_and_kept_across_a_rewind() {
        let mut s = session(FlowKind::AuthorizationCodePkce, 3);
        while !s
            .steps()
            .last()
            .is_some_and(|st| st.tamperable.iter().any(|f| f.name == "code_verifier"))
        {
            assert!(s.send(Vec::new()), "no token request in {:?}", titles(&s));
        }
        let token_request = s.frontier();
        s.send(vec![("code_verifier".into(), "x".repeat(43))]);
        let answer = s.steps().last().expect("answer").clone();
        assert_eq!(answer.error.as_deref(), Some("invalid_grant"));
        assert!(s.finished());
        // Rewinding to after the tampered step keeps the edit.
        s.rewind(token_request + 1).expect("rewind");
        assert_eq!(
            s.steps().last().and_then(|st| st.error.clone()).as_deref(),
            Some("invalid_grant")
        );
        // Rewinding to the token request itself undoes it.
        s.rewind(token_request).expect("rewind");
        assert!(s.steps()[token_request].tampered.is_empty());
        assert!(!s.finished());
    }

    #[test]
    fn a_code_sent_after_a_wait_expires_and_the_wait_is_kept_across_a_rewind() {
        let mut s = session(FlowKind::AuthorizationCode, 9);
        while s.flow().code_expiry().is_none() {
            assert!(s.send(Vec::new()), "no token request in {:?}", titles(&s));
        }
        let token_request = s.frontier();
        let wait = s.flow().code_expiry().map_or(0, |e| e.wait_to_expire);
        s.send_after(wait, Vec::new());
        let answer = s.steps().last().expect("answer").clone();
        assert_eq!(answer.error.as_deref(), Some("invalid_grant"));
        assert_eq!(s.steps()[token_request].waited, wait);
        s.rewind(token_request + 1).expect("rewind");
        assert_eq!(
            s.steps().last().and_then(|st| st.error.clone()).as_deref(),
            Some("invalid_grant")
        );
        s.rewind(token_request).expect("rewind");
        assert_eq!(s.steps()[token_request].waited, 0);
        assert!(s.flow().code_expiry().is_some());
    }

    #[test]
    fn a_run_started_to_end_now_has_its_last_step_now_and_the_same_story() {
        let mut rng = ChaCha20Rng::from_seed([8; 32]);
        let key = generate_server_key(Alg::ES256, &mut rng).expect("key");
        let kind = FlowKind::JwtVsOpaque;
        let mut s =
            Session::start_ending_at(kind, kind.default_settings(), key.clone(), NOW, [8; 32])
                .expect("start");
        let mut plain =
            Session::start(kind, kind.default_settings(), key, NOW, [8; 32]).expect("start");
        s.forward_to(usize::MAX - 1);
        plain.forward_to(usize::MAX - 1);
        let last = s.steps().last().expect("steps");
        assert_eq!(last.at, NOW);
        assert!(s.flow().started_at < NOW - 300, "the JWT's lifetime passed");
        assert_eq!(titles(&s), titles(&plain));
        let shift = NOW - s.flow().started_at;
        for (a, b) in s.steps().iter().zip(plain.steps()) {
            assert_eq!(a.at + shift, b.at, "step {}", a.index);
        }
    }

    #[test]
    fn forward_to_stops_at_the_end_of_a_short_flow() {
        let mut s = session(FlowKind::ClientCredentials, 4);
        s.forward_to(500);
        assert!(s.finished());
        assert_eq!(s.steps().len(), s.total());
    }

    #[test]
    fn the_jwks_holds_the_public_key_only() {
        let s = session(FlowKind::ClientCredentials, 5);
        let jwks = s.jwks_text();
        assert!(jwks.contains("\"keys\""), "{jwks}");
        assert!(jwks.contains("\"kid\""), "{jwks}");
        assert!(!jwks.contains("\"d\""), "a private member leaked: {jwks}");
    }

    #[test]
    fn symmetric_algorithms_cannot_be_the_servers() {
        let mut rng = ChaCha20Rng::from_seed([6; 32]);
        assert!(generate_server_key(Alg::HS256, &mut rng).is_err());
    }
}
