//! mfa-kit's codes against oathtool's, on random secrets, hashes, digits, periods and times
//! (including far-future ones), in both directions: mfa-kit computes what oathtool
//! computes, and `verify` accepts what oathtool generates.

mod common;

use common::*;

#[test]
fn codes_match_oathtool_on_random_parameters() {
    let s = Sandbox::new();
    s.init_identity();
    let mut rng = Rng(0x5eed_2026_1128);
    let algorithms = ["SHA1", "SHA256", "SHA512"];
    let mut accounts = Vec::new();
    for i in 0..30 {
        let len = 10 + rng.below(55) as usize;
        let secret = base32(&rng.bytes(len));
        let algorithm = algorithms[rng.below(3) as usize];
        let digits = 6 + rng.below(3) as u8;
        let period = [1, 15, 30, 60, 90, 3600][rng.below(6) as usize];
        let name = format!("acct{i:02}");
        s.ok(&[
            "add",
            &name,
            "--secret",
            &secret,
            "--algorithm",
            algorithm,
            "--digits",
            &digits.to_string(),
            "--period",
            &period.to_string(),
        ]);
        accounts.push((name, secret, algorithm, digits, period));
    }
    for time in [
        0u64,
        1,
        59,
        1_111_111_111,
        2_000_000_000,
        20_000_000_000,
        rng.below(1 << 40),
    ] {
        let all: serde_json::Value =
            serde_json::from_str(&s.ok(&["code", "--json", "--time", &time.to_string()])).unwrap();
        for (i, (name, secret, algorithm, digits, period)) in accounts.iter().enumerate() {
            let entry = &all[i];
            assert_eq!(entry["account"], name.as_str());
            let want = oathtool_totp(secret, algorithm, *digits, *period, time);
            assert_eq!(
                entry["code"],
                want.as_str(),
                "{name} {algorithm} {digits} {period}s at {time}"
            );
            assert_eq!(entry["remaining"], period - time % period);
        }
    }
}

#[test]
fn verify_accepts_what_oathtool_generates() {
    let s = Sandbox::new();
    s.init_identity();
    let mut rng = Rng(77);
    for i in 0..8 {
        let secret = base32(&rng.bytes(20));
        let algorithm = ["SHA1", "SHA256", "SHA512"][i % 3];
        let digits = 6 + (i % 3) as u8;
        let name = format!("v{i}");
        s.ok(&[
            "add",
            &name,
            "--secret",
            &secret,
            "--algorithm",
            algorithm,
            "--digits",
            &digits.to_string(),
        ]);
        // Any moment: accepted, but recorded only near the clock.
        let time = 1_700_000_000 + rng.below(1 << 30);
        let code = oathtool_totp(&secret, algorithm, digits, 30, time);
        let t = time.to_string();
        assert_eq!(
            code_of(&s.run(&["verify", &name, &code, "--time", &t])),
            0,
            "{name}"
        );
        // Now: accepted once, then refused as a replay.
        let now = unix_now();
        let code = oathtool_totp(&secret, algorithm, digits, 30, now);
        let t = now.to_string();
        assert_eq!(
            code_of(&s.run(&["verify", &name, &code, "--time", &t])),
            0,
            "{name} now"
        );
        assert_eq!(
            code_of(&s.run(&["verify", &name, &code, "--time", &t])),
            1,
            "replay of {name}"
        );
    }
}

fn code_of(out: &std::process::Output) -> i32 {
    common::code(out)
}

/// `code NAME` is read without the whole command line's parser and from the account's table
/// alone: in every spelling (the vault from --vault, --vault=, the environment; the name in
/// another case, which reads the whole vault) it prints oathtool's code for now, and what it
/// cannot hold fails as the full parser says.
#[test]
fn code_name_in_every_spelling_is_oathtools_code_for_now() {
    let s = Sandbox::new();
    s.init_identity();
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    for name in ["GitHub", "git", "GitHub-work"] {
        s.ok(&[
            "add",
            name,
            "--secret",
            secret,
            "--algorithm",
            "SHA256",
            "--digits",
            "8",
        ]);
    }
    let vault = s.vault();
    let vault = vault.to_str().unwrap();
    let vault_option = format!("--vault={vault}");
    let spellings: [&[&str]; 4] = [
        &["code", "GitHub"],
        &["--vault", vault, "code", "GitHub"],
        &[vault_option.as_str(), "code", "GitHub"],
        &["code", "github"],
    ];
    for args in spellings {
        // The step may turn between the two oathtool runs: the code is one of theirs.
        let before = oathtool_totp(secret, "SHA256", 8, 30, unix_now());
        let out = s.ok(args);
        let after = oathtool_totp(secret, "SHA256", 8, 30, unix_now());
        let got = out.trim();
        assert!(
            got == before || got == after,
            "{args:?}: {got} not {before}/{after}"
        );
    }
    let mut from_env = s.cmd(&["code", "GitHub"]);
    from_env.env("MFA_KIT_VAULT", vault);
    let before = oathtool_totp(secret, "SHA256", 8, 30, unix_now());
    let out = from_env.output().unwrap();
    let after = oathtool_totp(secret, "SHA256", 8, 30, unix_now());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let got = stdout(&out);
    assert!(got.trim() == before || got.trim() == after);
    // An unknown name and a missing vault are the errors the full parser's run gives.
    let err = s.fails(&["code", "GitHub-wrk"]);
    assert!(err.contains("did you mean \"GitHub-work\""), "{err}");
    let err = s.fails(&["--vault", "/nonexistent/v.age", "code", "GitHub"]);
    assert!(err.contains("no vault at"), "{err}");
}
