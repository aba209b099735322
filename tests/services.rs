//! The services' own rules in the audit: an account matched to its service by issuer or
//! name, a path of a route the service does not take shown but not counted
//! (`route-not-accepted`), a route it takes that the account lacks suggested with its command
//! (`route-available`), the `services` command, and the config file adding or changing one.

mod common;

use common::*;

fn finding<'a>(account: &'a serde_json::Value, code: &str) -> Option<&'a serde_json::Value> {
    account["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
}

#[test]
fn a_route_the_service_does_not_take_does_not_count() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&[
        "add", "mail", "--secret", SECRET, "--issuer", "Google", "--at", "phone",
    ]);
    let key = s.path("id_ed25519");
    tool_ok(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()],
    );
    s.ok(&["ssh", "add", "mail", key.to_str().unwrap()]);
    let (_, report) = audit_json(&s, &[]);
    let mail = account(&report, "mail");
    assert_eq!(mail["service"], "Google");
    let ssh = mail["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "ssh-key")
        .unwrap();
    assert_eq!(ssh["counts"], false, "{mail}");
    assert_eq!(ssh["reason"], "not-accepted");
    let refused = finding(mail, "route-not-accepted").expect("route-not-accepted");
    assert_eq!(refused["severity"], "warning");
    assert!(refused["message"].as_str().unwrap().contains("SSH key"));
    // Google gives recovery codes: suggested, with the command.
    let available = finding(mail, "route-available").expect("route-available");
    assert_eq!(available["severity"], "hint");
    assert!(
        available["message"]
            .as_str()
            .unwrap()
            .contains("mfa-kit codes add mail"),
        "{available}"
    );
}

#[test]
fn bitbucket_is_told_it_could_use_an_ssh_key_and_how_gitlab_spends_codes() {
    let s = Sandbox::new();
    s.init_identity();
    s.ok(&["add", "bitbucket", "--secret", SECRET, "--at", "phone"]);
    s.ok(&[
        "add",
        "gitlab.com:alice",
        "--secret",
        SECRET,
        "--at",
        "phone",
    ]);
    let (_, report) = audit_json(&s, &[]);
    let bitbucket = account(&report, "bitbucket");
    assert_eq!(bitbucket["service"], "Bitbucket");
    let hints: Vec<&str> = bitbucket["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "route-available")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        hints.iter().any(|h| h.contains("ssh add bitbucket")
            && h.contains("ssh git@bitbucket.org recovery_codes")),
        "{hints:?}"
    );
    let gitlab = account(&report, "gitlab.com:alice");
    assert_eq!(gitlab["service"], "GitLab");
    let notes: Vec<&str> = gitlab["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "service-note")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("2fa_recovery_codes") && n.contains("cancels")),
        "{notes:?}"
    );
    // Hints fail nothing: both accounts pass on the vault and the phone.
    assert_eq!(report["ok"], true, "{report}");
    let text = s.ok(&["audit"]);
    assert!(text.contains("hint"), "{text}");
}

#[test]
fn the_config_file_adds_and_changes_services() {
    let s = Sandbox::new();
    s.init_identity();
    let config = s.path(".config/mfa-kit/config.toml");
    let before = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!(
            "{before}\n[services.\"Acme VPN\"]\nissuers = [\"Acme\"]\nroutes = [\"totp\"]\nrecovery = \"https://acme.example/recover\"\nsources = [\"https://acme.example/2fa\"]\n\n[services.\"GitHub\"]\nroutes = [\"totp\", \"security-key\"]\nssh_host = \"\"\n"
        ),
    )
    .unwrap();
    s.ok(&[
        "add", "vpn", "--secret", SECRET, "--issuer", "Acme", "--at", "phone",
    ]);
    let out = s.run_with_stdin(&["codes", "add", "vpn", "--at", "drawer"], "aaaa-1111\n");
    assert_eq!(code(&out), 0);
    let (_, report) = audit_json(&s, &[]);
    let vpn = account(&report, "vpn");
    assert_eq!(vpn["service"], "Acme VPN");
    assert!(finding(vpn, "route-not-accepted").is_some(), "{vpn}");
    assert_eq!(vpn["independent_paths"], 2, "the codes do not count: {vpn}");
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["services", "--json"])).unwrap();
    let github = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "GitHub")
        .unwrap();
    assert_eq!(
        github["routes"],
        serde_json::json!(["totp", "security-key"])
    );
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "Acme VPN")
    );
    // A table the catalogue cannot take is a clear error, and changes nothing.
    std::fs::write(
        &config,
        format!("{before}\n[services.\"X\"]\nroutes = [\"carrier-pigeon\"]\n"),
    )
    .unwrap();
    let err = s.fails(&["services"]);
    assert!(err.contains("config file"), "{err}");
}

#[test]
fn services_lists_the_catalogue_for_people_and_scripts() {
    let s = Sandbox::new();
    let listed: serde_json::Value = serde_json::from_str(&s.ok(&["services", "--json"])).unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    // The command lists the catalogue itself (tests/services_catalogue.rs checks what it holds).
    let catalogue: Vec<&str> = mfa_kit::core::services::Catalogue::builtin()
        .services()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, catalogue);
    for service in listed.as_array().unwrap() {
        assert!(service["routes"].as_array().is_some_and(|r| !r.is_empty()));
        assert!(service["recovery"].as_str().is_some_and(|r| !r.is_empty()));
    }
    let one = s.ok(&["services", "bitbucket.org"]);
    assert!(one.starts_with("Bitbucket: "), "{one}");
    assert!(one.contains("source: https://"), "{one}");
    let err = s.fails(&["services", "acme"]);
    assert!(err.contains("no service named"), "{err}");
}

#[test]
fn the_readme_lists_every_source_of_the_catalogue() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for service in mfa_kit::core::services::Catalogue::builtin().services() {
        for source in &service.sources {
            assert!(
                readme.contains(&format!("<{source}>")),
                "the README does not list {source} ({})",
                service.name
            );
        }
    }
}
