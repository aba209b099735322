//! The shipped service catalogue (`data/services.toml`) holds up: every entry complete and
//! sourced, every claim made once, every service the contract names present, and realistic
//! issuers and account names matched to the right service (or to none).

use std::collections::BTreeSet;

use mfa_kit::core::services::{Catalogue, Route, Service};

fn catalogue() -> &'static Catalogue {
    Catalogue::builtin()
}

fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn every_entry_is_complete() {
    for s in catalogue().services() {
        let name = &s.name;
        assert!(!name.trim().is_empty(), "a service without a name");
        assert!(
            !s.issuers.is_empty() || !s.domains.is_empty(),
            "{name}: no issuer and no domain"
        );
        assert!(!s.routes.is_empty(), "{name}: no route");
        assert!(
            !s.recovery.trim().is_empty(),
            "{name}: no recovery command or page"
        );
        assert!(
            s.recovery.starts_with("https://") || s.recovery.starts_with("ssh "),
            "{name}: recovery is neither a page nor an ssh command: {}",
            s.recovery
        );
        assert!(!s.sources.is_empty(), "{name}: no source");
        for source in &s.sources {
            assert!(source.starts_with("https://"), "{name}: {source}");
        }
        assert!(!s.notes.is_empty(), "{name}: nothing a person must know?");
        for note in &s.notes {
            assert!(note.ends_with('.'), "{name}: a note is a sentence: {note}");
        }
    }
}

#[test]
fn an_ssh_host_goes_with_the_ssh_key_route_and_only_with_it() {
    for s in catalogue().services() {
        assert_eq!(
            s.ssh_host.is_some(),
            s.accepts(Route::SshKey),
            "{}: ssh_host {:?} with routes {:?}",
            s.name,
            s.ssh_host,
            s.routes
        );
        if let Some(host) = &s.ssh_host {
            assert!(host.starts_with("git@"), "{}: {host}", s.name);
            let domain = host.trim_start_matches("git@");
            assert!(
                s.domains.iter().any(|d| d == domain),
                "{}: the SSH host {host} is not one of its domains",
                s.name
            );
        }
    }
}

#[test]
fn an_ssh_recovery_command_names_the_services_own_host() {
    for s in catalogue().services() {
        if let Some(command) = s.recovery.strip_prefix("ssh ") {
            let host = s
                .ssh_host
                .as_deref()
                .expect("an ssh command needs ssh_host");
            assert!(
                command.starts_with(&format!("{host} ")),
                "{}: {} does not go to {host}",
                s.name,
                s.recovery
            );
        }
    }
}

#[test]
fn every_route_is_known_and_listed_once() {
    for s in catalogue().services() {
        let unique: BTreeSet<Route> = s.routes.iter().copied().collect();
        assert_eq!(unique.len(), s.routes.len(), "{}: a route twice", s.name);
        for route in &s.routes {
            assert!(Route::ALL.contains(route));
        }
    }
    // The JSON the `services` command prints uses the catalogue's words.
    let json = serde_json::to_value(catalogue().get("GitLab").unwrap()).unwrap();
    assert!(
        json["routes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "ssh-key")
    );
}

#[test]
fn names_issuers_and_domains_belong_to_one_service() {
    let mut names = BTreeSet::new();
    let mut aliases = BTreeSet::new();
    let mut domains = BTreeSet::new();
    for s in catalogue().services() {
        assert!(
            names.insert(s.name.to_lowercase()),
            "name twice: {}",
            s.name
        );
        let own: BTreeSet<String> = std::iter::once(&s.name)
            .chain(&s.issuers)
            .map(|a| key(a))
            .collect();
        for alias in own {
            assert!(
                aliases.insert(alias.clone()),
                "{}: issuer {alias} claimed twice",
                s.name
            );
        }
        for domain in &s.domains {
            assert_eq!(domain, &domain.to_lowercase(), "{}: {domain}", s.name);
            assert!(
                domains.insert(domain.clone()),
                "{}: domain {domain} twice",
                s.name
            );
        }
    }
}

#[test]
fn every_service_the_contract_names_is_there() {
    for name in [
        "GitHub",
        "GitLab",
        "Bitbucket",
        "Google",
        "Microsoft",
        "Apple",
        "Amazon",
        "AWS",
        "Dropbox",
        "npm",
        "PyPI",
        "Atlassian",
        "Cloudflare",
        "DigitalOcean",
        "Proton",
        "Slack",
        "Discord",
        "Facebook",
        "X",
        "Docker Hub",
    ] {
        assert!(catalogue().get(name).is_some(), "{name} is missing");
    }
    assert!(catalogue().services().len() > 20, "and more");
}

#[test]
fn the_ssh_recovery_services_say_what_the_command_does() {
    let gitlab = catalogue().get("GitLab").unwrap();
    assert_eq!(gitlab.recovery, "ssh git@gitlab.com 2fa_recovery_codes");
    assert!(
        gitlab.notes.iter().any(|n| n.contains("cancels")),
        "GitLab's command cancels the saved codes: {:?}",
        gitlab.notes
    );
    let bitbucket = catalogue().get("Bitbucket").unwrap();
    assert_eq!(bitbucket.recovery, "ssh git@bitbucket.org recovery_codes");
    assert!(bitbucket.notes.iter().any(|n| n.contains("before")));
    let github = catalogue().get("GitHub").unwrap();
    assert!(github.accepts(Route::SshKey));
    assert_eq!(github.ssh_host.as_deref(), Some("git@github.com"));
}

/// An account as the table gives it: issuer, account name, label, and the service expected.
type Case = (
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

fn found(issuer: Option<&str>, name: &str, label: Option<&str>) -> Option<&'static str> {
    catalogue()
        .find(issuer, name, label)
        .map(|s: &Service| s.name.as_str())
}

#[test]
fn finds_the_service_of_realistic_accounts() {
    let table: &[Case] = &[
        (Some("GitHub"), "alice", None, Some("GitHub")),
        (Some("github.com"), "alice", None, Some("GitHub")),
        (None, "github", None, Some("GitHub")),
        (None, "GitHub (work)", None, Some("GitHub")),
        (Some("GitLab.com"), "alice", None, Some("GitLab")),
        (None, "gitlab.com:alice", None, Some("GitLab")),
        (Some("Bitbucket"), "alice", None, Some("Bitbucket")),
        (None, "Google:alice@gmail.com", None, Some("Google")),
        (Some("Google"), "alice@gmail.com", None, Some("Google")),
        (Some("AWS"), "root", None, Some("AWS")),
        (
            Some("Amazon Web Services"),
            "alice@123456789012",
            None,
            Some("AWS"),
        ),
        (None, "Amazon Web Services:root", None, Some("AWS")),
        (Some("Amazon"), "alice@example.org", None, Some("Amazon")),
        (Some("Docker Hub"), "alice", None, Some("Docker Hub")),
        (Some("DockerHub"), "alice", None, Some("Docker Hub")),
        (Some("X"), "@alice", None, Some("X")),
        (Some("Twitter"), "@alice", None, Some("X")),
        (Some("npm"), "alice", None, Some("npm")),
        (Some("PyPI"), "alice", None, Some("PyPI")),
        (
            Some("Microsoft"),
            "alice@outlook.com",
            None,
            Some("Microsoft"),
        ),
        (Some("Proton"), "alice@proton.me", None, Some("Proton")),
        (
            Some("Cloudflare"),
            "alice@example.org",
            None,
            Some("Cloudflare"),
        ),
        (Some("DigitalOcean"), "alice", None, Some("DigitalOcean")),
        (Some("Slack"), "acme.slack.com", None, Some("Slack")),
        (None, "acme.slack.com", None, Some("Slack")),
        (None, "alice", Some("discord.com"), Some("Discord")),
        (Some("Acme Corp"), "alice", None, None),
        (None, "alice@gmail.com", None, None),
        (None, "npmjs-mirror-evil", None, None),
        (None, "evil-github.com:alice", None, None),
    ];
    for (issuer, name, label, expected) in table {
        assert_eq!(
            found(*issuer, name, *label),
            *expected,
            "issuer {issuer:?}, name {name:?}, label {label:?}"
        );
    }
}

#[test]
fn finding_is_deterministic() {
    for _ in 0..3 {
        assert_eq!(found(None, "signin.aws.amazon.com", None), Some("AWS"));
        assert_eq!(
            found(Some("GitLab"), "github.com:alice", None),
            Some("GitLab")
        );
    }
}
