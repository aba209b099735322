//! Service knowledge: which recovery routes common services accept once a second factor is
//! lost, the command or page a locked-out person starts from, and the public pages each fact
//! was taken from. The knowledge is data (`data/services.toml`, compiled in and parsed once);
//! this module owns reading and checking it, the route vocabulary, a config file's additions
//! and replacements (`[services."NAME"]`), and matching an account to its service by issuer,
//! known domain or leading words.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::text::{MAX_TEXT_CHARS, first_unsafe, inert};

/// The catalogue shipped with mfa-kit.
const BUILTIN_TOML: &str = include_str!("../../data/services.toml");

/// The longest note or recovery command/page kept, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Aliases shorter than this (in letters and digits, such as "X") match only a whole issuer or
/// a whole label prefix, never the first word of a longer name: "X Games" is not X.
const MIN_PREFIX_ALIAS: usize = 3;

/// Leading words tried when matching by name: enough for any real multi-word name.
const MAX_LEADING_WORDS: usize = 6;

/// A way back into an account that a service may accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// An authenticator app holding the TOTP secret.
    Totp,
    /// The service's one-time recovery (backup) codes, or its single recovery key.
    RecoveryCodes,
    /// An SSH key on the account, accepted for 2FA recovery.
    SshKey,
    /// A WebAuthn/FIDO security key or passkey.
    SecurityKey,
    /// Codes sent to a phone by text message (or call).
    Sms,
    /// Codes or reset links sent by e-mail.
    Email,
    /// An organisation's administrator can reset the second factor.
    AdminReset,
    /// A person the owner named can help (Apple's account recovery contact).
    TrustedContact,
    /// An identity check with the service's support staff.
    Support,
}

impl Route {
    pub const ALL: [Route; 9] = [
        Route::Totp,
        Route::RecoveryCodes,
        Route::SshKey,
        Route::SecurityKey,
        Route::Sms,
        Route::Email,
        Route::AdminReset,
        Route::TrustedContact,
        Route::Support,
    ];

    /// The route's word, as the catalogue, the config file and `--json` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Totp => "totp",
            Route::RecoveryCodes => "recovery-codes",
            Route::SshKey => "ssh-key",
            Route::SecurityKey => "security-key",
            Route::Sms => "sms",
            Route::Email => "email",
            Route::AdminReset => "admin-reset",
            Route::TrustedContact => "trusted-contact",
            Route::Support => "support",
        }
    }

    /// The route in plain words, for advice ("the service accepts ...").
    pub fn describe(self) -> &'static str {
        match self {
            Route::Totp => "an authenticator app holding the TOTP secret",
            Route::RecoveryCodes => "its recovery codes",
            Route::SshKey => "an SSH key registered on the account",
            Route::SecurityKey => "a security key or passkey",
            Route::Sms => "codes sent to a phone",
            Route::Email => "codes or links sent by e-mail",
            Route::AdminReset => "a reset by an organisation's administrator",
            Route::TrustedContact => "a trusted recovery contact",
            Route::Support => "an identity check with its support staff",
        }
    }

    /// Every route's word, comma-separated, for messages.
    fn vocabulary() -> String {
        Route::ALL
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Route {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim();
        Route::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(word))
            .ok_or_else(|| {
                format!(
                    "unknown recovery route \"{}\": use one of {}",
                    inert(word),
                    Route::vocabulary()
                )
            })
    }
}

/// What the catalogue knows of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The display name, unique in a catalogue (case-insensitively).
    pub name: String,
    /// Names an account's issuer may carry, besides `name`.
    #[serde(default)]
    pub issuers: Vec<String>,
    /// Host names (lower case); a host under one of them also matches.
    #[serde(default)]
    pub domains: Vec<String>,
    /// The recovery routes the service accepts.
    pub routes: Vec<Route>,
    /// The exact command, or the page, a locked-out person starts from.
    pub recovery: String,
    /// `user@host[:port]` of the SSH endpoint that takes the recovery key.
    #[serde(default)]
    pub ssh_host: Option<String>,
    /// What a person must know before relying on the routes.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The public pages the facts were taken from.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Service {
    /// True when the service accepts `route`.
    pub fn accepts(&self, route: Route) -> bool {
        self.routes.contains(&route)
    }

    /// The name and issuers, the words an issuer is matched against.
    fn aliases(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.issuers.iter().map(String::as_str))
    }

    fn empty(name: &str) -> Service {
        Service {
            name: name.to_string(),
            issuers: Vec::new(),
            domains: Vec::new(),
            routes: Vec::new(),
            recovery: String::new(),
            ssh_host: None,
            notes: Vec::new(),
            sources: Vec::new(),
        }
    }
}

/// A config file's `[services."NAME"]` table: adds the service NAME, or replaces the fields
/// given here of the service of that name (matched case-insensitively). An issuer or domain
/// given here is taken from whichever other service claimed it. `ssh_host = ""` removes the
/// host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<Route>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<String>>,
}

/// The file's shape: `[[service]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(default)]
    service: Vec<Service>,
}

/// A set of services, checked: names, issuers and domains each belong to one service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Catalogue {
    services: Vec<Service>,
    /// Alias key to service, built at the first lookup: matching 10,000 accounts must not
    /// fold every service's name and issuers again for each one.
    #[serde(skip)]
    aliases: AliasIndex,
}

/// The alias keys of a catalogue's names, then issuers (the first service to have a key
/// keeps it), built once. A cache: it takes no part in comparing catalogues.
#[derive(Default)]
struct AliasIndex(OnceLock<std::collections::HashMap<String, usize>>);

impl Clone for AliasIndex {
    fn clone(&self) -> Self {
        AliasIndex::default()
    }
}

impl PartialEq for AliasIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for AliasIndex {}

impl std::fmt::Debug for AliasIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AliasIndex")
    }
}

impl Catalogue {
    /// The catalogue shipped with mfa-kit, parsed once.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Catalogue::from_toml(BUILTIN_TOML)
                .unwrap_or_else(|e| panic!("the shipped data/services.toml is invalid: {e}"))
        })
    }

    /// Reads and checks a catalogue in the format of `data/services.toml`. The error is one
    /// line naming the service (by position and name) or the line of the file at fault.
    pub fn from_toml(text: &str) -> Result<Catalogue, String> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
        let catalogue = Catalogue::of(file.service);
        for (index, service) in catalogue.services.iter().enumerate() {
            check_service(service).map_err(|e| {
                format!(
                    "service {} (\"{}\"): {e}",
                    index + 1,
                    inert(service.name.trim())
                )
            })?;
        }
        catalogue.check_claims()?;
        Ok(catalogue)
    }

    /// The services, in catalogue order (the file's, then services added by overrides).
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service called `name` (case-insensitively).
    pub fn get(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| same_name(&s.name, name))
    }

    /// This catalogue with a config file's `[services."NAME"]` tables applied: each adds a
    /// service or replaces the given fields of the one of that name; an issuer or domain
    /// given is taken from any other service that claimed it. Nothing is checked: see
    /// [`Catalogue::try_with_overrides`].
    pub fn with_overrides(&self, overrides: &BTreeMap<String, ServiceOverride>) -> Catalogue {
        let mut services = self.services.clone();
        for (name, change) in overrides {
            let name = name.trim();
            let index = match services.iter().position(|s| same_name(&s.name, name)) {
                Some(index) => index,
                None => {
                    services.push(Service::empty(name));
                    services.len() - 1
                }
            };
            let service = &mut services[index];
            if let Some(issuers) = &change.issuers {
                service.issuers = issuers.iter().map(|i| i.trim().to_string()).collect();
            }
            if let Some(domains) = &change.domains {
                service.domains = domains.iter().map(|d| d.trim().to_lowercase()).collect();
            }
            if let Some(routes) = &change.routes {
                service.routes = routes.clone();
            }
            if let Some(recovery) = &change.recovery {
                service.recovery = recovery.trim().to_string();
            }
            if let Some(host) = &change.ssh_host {
                let host = host.trim();
                service.ssh_host = (!host.is_empty()).then(|| host.to_string());
            }
            if let Some(notes) = &change.notes {
                service.notes = notes.clone();
            }
            if let Some(sources) = &change.sources {
                service.sources = sources.clone();
            }
            // The user's word wins: what this table claims no other service keeps.
            let claimed_aliases: BTreeSet<String> =
                services[index].aliases().map(alias_key).collect();
            let claimed_domains: BTreeSet<String> =
                services[index].domains.iter().cloned().collect();
            for (other_index, other) in services.iter_mut().enumerate() {
                if other_index != index {
                    other
                        .issuers
                        .retain(|i| !claimed_aliases.contains(&alias_key(i)));
                    other.domains.retain(|d| !claimed_domains.contains(d));
                }
            }
        }
        Catalogue::of(services)
    }

    fn of(services: Vec<Service>) -> Catalogue {
        Catalogue {
            services,
            aliases: AliasIndex::default(),
        }
    }

    /// [`Catalogue::with_overrides`], then every service a table touched checked as the
    /// shipped ones are: the error names the table, `[services."NAME"]`.
    pub fn try_with_overrides(
        &self,
        overrides: &BTreeMap<String, ServiceOverride>,
    ) -> Result<Catalogue, String> {
        if overrides.keys().any(|name| name.trim().is_empty()) {
            return Err("[services.\"\"]: a service needs a name".to_string());
        }
        let catalogue = self.with_overrides(overrides);
        for name in overrides.keys() {
            let where_ = format!("[services.\"{}\"]", inert(name.trim()));
            let service = catalogue
                .get(name)
                .ok_or_else(|| format!("{where_}: the service was not kept"))?;
            check_service(service).map_err(|e| format!("{where_}: {e}"))?;
        }
        catalogue.check_claims()?;
        Ok(catalogue)
    }

    /// The service an account belongs to, from its issuer, its name and its label:
    ///
    /// 1. the issuer, whole, is a service's name or issuer (ignoring case, spaces, dots and
    ///    punctuation: "Docker Hub", "DockerHub", "docker");
    /// 2. else a known domain, or a host under one, appears in the issuer, the name or the
    ///    label, in that order ("github.com", "gitlab.com:alice", "signin.aws.amazon.com");
    ///    the longest domain wins, and an e-mail address's domain never counts;
    /// 3. else the leading words of the issuer, the name or the label, before any `:`, are a
    ///    service's name or issuer, the longest run of words first ("GitHub (work)",
    ///    "Google:alice@gmail.com", "Amazon Web Services (root)").
    ///
    /// Words are separated by spaces and brackets, not by `-`, `.` or `_`, which join a
    /// compound name: "npmjs-mirror" is not npm, "github-enterprise" is not github.com. An
    /// alias shorter than three letters ("X") matches only a whole issuer or label prefix.
    /// Ties go to the earlier service in the catalogue, so the answer is deterministic.
    pub fn find(&self, issuer: Option<&str>, name: &str, label: Option<&str>) -> Option<&Service> {
        let texts: Vec<&str> = [issuer, Some(name), label]
            .into_iter()
            .flatten()
            .filter(|t| !t.trim().is_empty())
            .collect();
        if let Some(service) = issuer.and_then(|i| self.by_alias(&alias_key(i))) {
            return Some(service);
        }
        if let Some(service) = texts.iter().find_map(|t| self.by_domain_in(t)) {
            return Some(service);
        }
        texts.iter().find_map(|t| self.by_leading_words(t))
    }

    /// The service with this alias key, names before issuers.
    fn by_alias(&self, key: &str) -> Option<&Service> {
        if key.is_empty() {
            return None;
        }
        let index = self.aliases.0.get_or_init(|| {
            let mut index = std::collections::HashMap::new();
            for (i, service) in self.services.iter().enumerate() {
                index.entry(alias_key(&service.name)).or_insert(i);
            }
            for (i, service) in self.services.iter().enumerate() {
                for issuer in &service.issuers {
                    index.entry(alias_key(issuer)).or_insert(i);
                }
            }
            index
        });
        index.get(key).map(|&i| &self.services[i])
    }

    /// The service whose domain (or a host under it) appears in `text`, not as an e-mail
    /// address's domain; the longest domain wins, then the earliest in the text.
    fn by_domain_in(&self, text: &str) -> Option<&Service> {
        let mut best: Option<(usize, usize)> = None; // (domain length, service index)
        for host in hosts_in(text) {
            for (index, service) in self.services.iter().enumerate() {
                for domain in &service.domains {
                    if !domain.is_empty() && host_is_under(&host, domain) {
                        let better = match best {
                            None => true,
                            Some((len, _)) => domain.len() > len,
                        };
                        if better {
                            best = Some((domain.len(), index));
                        }
                    }
                }
            }
        }
        best.map(|(_, index)| &self.services[index])
    }

    /// The service named by the leading words of `text` (before any `:`), longest run first.
    fn by_leading_words(&self, text: &str) -> Option<&Service> {
        let segment = text.split(':').next().unwrap_or("");
        // The key of words run together is their keys run together (a key keeps each
        // character alone or drops it): each word's is made once.
        let keys: Vec<String> = segment
            .split(is_word_separator)
            .map(alias_key)
            .filter(|key| !key.is_empty())
            .take(MAX_LEADING_WORDS)
            .collect();
        for count in (1..=keys.len()).rev() {
            let key = keys[..count].concat();
            let whole = count == keys.len();
            if !whole && key.chars().count() < MIN_PREFIX_ALIAS {
                continue;
            }
            if let Some(service) = self.by_alias(&key) {
                return Some(service);
            }
        }
        None
    }

    /// Names, issuers and domains each belong to one service.
    fn check_claims(&self) -> Result<(), String> {
        let mut names: BTreeMap<String, &str> = BTreeMap::new();
        let mut aliases: BTreeMap<String, &str> = BTreeMap::new();
        let mut domains: BTreeMap<&str, &str> = BTreeMap::new();
        for service in &self.services {
            let name = service.name.trim();
            if let Some(first) = names.insert(name.to_lowercase(), name) {
                return Err(format!(
                    "two services are called \"{}\" (\"{}\" and \"{}\")",
                    inert(name),
                    inert(first),
                    inert(name)
                ));
            }
            let own: BTreeSet<String> = service.aliases().map(alias_key).collect();
            for key in own {
                if let Some(first) = aliases.insert(key.clone(), name) {
                    return Err(format!(
                        "\"{}\" and \"{}\" both claim the issuer \"{key}\"",
                        inert(first),
                        inert(name)
                    ));
                }
            }
            for domain in &service.domains {
                if let Some(first) = domains.insert(domain.as_str(), name) {
                    return Err(format!(
                        "\"{}\" and \"{}\" both claim the domain {}",
                        inert(first),
                        inert(name),
                        inert(domain)
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A name, issuer or word as matched: lower case, letters and digits only.
fn alias_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Characters that end a word of a name: spaces and brackets and list punctuation, but not
/// `-`, `.` or `_`, which join the parts of one compound name.
fn is_word_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | ',' | ';' | '/' | '|'
        )
}

fn is_host_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// The host names in `text` (lower case), leaving out any right after `@`: an e-mail address
/// says where the mail goes, not which service the account is with.
fn hosts_in(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut hosts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_host_char(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_host_char(bytes[i]) {
            i += 1;
        }
        let after_at = start > 0 && bytes[start - 1] == b'@';
        let host = lower[start..i].trim_matches(|c| c == '.' || c == '-');
        if !after_at && host.contains('.') {
            hosts.push(host.to_string());
        }
    }
    hosts
}

/// True when `host` is `domain` or a host under it (`signin.aws.amazon.com` under
/// `amazon.com`), never a longer name that merely ends the same way (`evil-github.com`).
fn host_is_under(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

fn syntax_error(text: &str, err: &toml::de::Error) -> String {
    let first = err.message().lines().next().unwrap_or("unreadable").trim();
    match err.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {first}")
        }
        None => first.to_string(),
    }
}

/// One service's own fields make sense (claims across services are checked apart).
fn check_service(service: &Service) -> Result<(), String> {
    let name = service.name.trim();
    if name.is_empty() {
        return Err("the name is empty".to_string());
    }
    check_text("the name", name, MAX_TEXT_CHARS)?;
    if alias_key(name).is_empty() {
        return Err("the name has no letter or digit".to_string());
    }
    for issuer in &service.issuers {
        check_text("an issuer", issuer, MAX_TEXT_CHARS)?;
        if alias_key(issuer).is_empty() {
            return Err(format!(
                "the issuer \"{}\" has no letter or digit",
                inert(issuer)
            ));
        }
    }
    for domain in &service.domains {
        if !is_domain(domain) {
            return Err(format!(
                "\"{}\" is not a domain (lower-case host name such as example.com)",
                inert(domain)
            ));
        }
    }
    if service.routes.is_empty() {
        return Err(format!(
            "no recovery route: give routes = [...] from {}",
            Route::vocabulary()
        ));
    }
    let mut seen = BTreeSet::new();
    for route in &service.routes {
        if !seen.insert(*route) {
            return Err(format!("the route {route} is listed twice"));
        }
    }
    if service.recovery.trim().is_empty() {
        return Err("recovery is empty: give the command or page to start from".to_string());
    }
    check_text("recovery", &service.recovery, MAX_NOTE_CHARS)?;
    if let Some(host) = &service.ssh_host {
        check_ssh_host(host)?;
        if !service.accepts(Route::SshKey) {
            return Err(format!(
                "ssh_host is given but {} is not among the routes",
                Route::SshKey
            ));
        }
    }
    for note in &service.notes {
        if note.trim().is_empty() {
            return Err("a note is empty".to_string());
        }
        check_text("a note", note, MAX_NOTE_CHARS)?;
    }
    for source in &service.sources {
        check_text("a source", source, MAX_NOTE_CHARS)?;
        let rest = source.strip_prefix("https://").unwrap_or("");
        if rest.is_empty() || rest.starts_with('/') || source.chars().any(char::is_whitespace) {
            return Err(format!(
                "the source \"{}\" is not an https:// address",
                inert(source)
            ));
        }
    }
    Ok(())
}

fn check_text(what: &str, text: &str, max_chars: usize) -> Result<(), String> {
    if let Some(c) = first_unsafe(text) {
        return Err(format!(
            "{what} holds the control or invisible character U+{:04X}",
            c as u32
        ));
    }
    if text.chars().count() > max_chars {
        return Err(format!("{what} is longer than {max_chars} characters"));
    }
    Ok(())
}

/// A lower-case DNS name with at least two labels.
fn is_domain(text: &str) -> bool {
    text.len() <= 253
        && text.contains('.')
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// `user@host[:port]`, nothing `ssh` could read as an option.
fn check_ssh_host(text: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "ssh_host \"{}\" is not user@host or user@host:port",
            inert(text)
        )
    };
    let (user, rest) = text.split_once('@').ok_or_else(bad)?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let user_ok = !user.is_empty()
        && !user.starts_with('-')
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    let host_ok = is_domain(&host.to_ascii_lowercase())
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    if user_ok && host_ok && port_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[service]]
name = "Example"
issuers = ["Example Corp"]
domains = ["example.com"]
routes = ["totp", "recovery-codes"]
recovery = "https://example.com/help"
sources = ["https://example.com/help"]
"#;

    fn find<'a>(catalogue: &'a Catalogue, issuer: Option<&str>, name: &str) -> Option<&'a str> {
        catalogue.find(issuer, name, None).map(|s| s.name.as_str())
    }

    #[test]
    fn the_shipped_catalogue_parses_once() {
        let a = Catalogue::builtin();
        let b = Catalogue::builtin();
        assert!(std::ptr::eq(a, b));
        assert!(a.services().len() >= 19);
    }

    #[test]
    fn routes_round_trip_through_their_words() {
        for route in Route::ALL {
            assert_eq!(route.as_str().parse::<Route>(), Ok(route));
            assert_eq!(route.to_string(), route.as_str());
            let json = serde_json::to_string(&route).unwrap();
            assert_eq!(json, format!("\"{}\"", route.as_str()));
            assert_eq!(serde_json::from_str::<Route>(&json).unwrap(), route);
            assert!(!route.describe().is_empty());
        }
        assert_eq!(" SSH-Key ".parse::<Route>(), Ok(Route::SshKey));
        let err = "passkey".parse::<Route>().unwrap_err();
        assert!(err.contains("\"passkey\""), "{err}");
        assert!(
            err.contains("recovery-codes") && err.contains("support"),
            "{err}"
        );
    }

    #[test]
    fn reads_a_small_catalogue() {
        let catalogue = Catalogue::from_toml(ONE).unwrap();
        let service = catalogue.get("EXAMPLE").unwrap();
        assert_eq!(service.routes, vec![Route::Totp, Route::RecoveryCodes]);
        assert_eq!(service.ssh_host, None);
        assert!(service.notes.is_empty());
        assert!(Catalogue::from_toml("").unwrap().services().is_empty());
    }

    #[test]
    fn matches_the_issuer_ignoring_case_spaces_and_punctuation() {
        let c = Catalogue::builtin();
        for issuer in [
            "Docker Hub",
            "DockerHub",
            "docker hub",
            "DOCKER",
            "docker-hub",
        ] {
            assert_eq!(
                find(c, Some(issuer), "alice"),
                Some("Docker Hub"),
                "{issuer}"
            );
        }
        assert_eq!(find(c, Some("Amazon Web Services"), "root"), Some("AWS"));
        assert_eq!(find(c, Some("amazon"), "alice"), Some("Amazon"));
    }

    #[test]
    fn the_issuer_comes_before_a_domain_elsewhere() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, Some("GitLab"), "github.com:alice"), Some("GitLab"));
    }

    #[test]
    fn matches_a_domain_or_a_host_under_it() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, Some("github.com"), "alice"), Some("GitHub"));
        assert_eq!(find(c, None, "gitlab.com:alice"), Some("GitLab"));
        assert_eq!(
            find(c, None, "https://www.github.com/alice"),
            Some("GitHub")
        );
        // The longest domain wins: aws.amazon.com is AWS, not the shop at amazon.com.
        assert_eq!(find(c, None, "signin.aws.amazon.com:root"), Some("AWS"));
        assert_eq!(find(c, None, "www.amazon.com:alice"), Some("Amazon"));
        assert_eq!(
            c.find(None, "alice", Some("bitbucket.org"))
                .map(|s| s.name.as_str()),
            Some("Bitbucket")
        );
    }

    #[test]
    fn a_domain_must_be_whole() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, None, "evil-github.com:alice"), None);
        assert_eq!(find(c, None, "github.com.evil.example:alice"), None);
        assert_eq!(find(c, None, "notgithub.com"), None);
        assert_eq!(find(c, None, "dropbox.com"), Some("Dropbox"));
    }

    #[test]
    fn an_email_address_names_no_service() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, None, "alice@github.com"), None);
        assert_eq!(find(c, Some("Acme"), "alice@proton.me"), None);
        assert_eq!(find(c, None, "Google:alice@gmail.com"), Some("Google"));
    }

    #[test]
    fn matches_the_leading_words_longest_first() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, None, "github"), Some("GitHub"));
        assert_eq!(find(c, None, "GitHub (work)"), Some("GitHub"));
        assert_eq!(find(c, Some("GitHub (work)"), "alice"), Some("GitHub"));
        assert_eq!(find(c, None, "Amazon Web Services (root)"), Some("AWS"));
        assert_eq!(find(c, None, "Amazon shopping"), Some("Amazon"));
        assert_eq!(find(c, None, "Docker Hub alice"), Some("Docker Hub"));
        assert_eq!(find(c, None, "npm"), Some("npm"));
        assert_eq!(find(c, None, "npm (publishing)"), Some("npm"));
    }

    #[test]
    fn a_compound_name_is_not_split() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, None, "npmjs-mirror-evil"), None);
        assert_eq!(find(c, None, "npm-mirror"), None);
        assert_eq!(find(c, None, "github-enterprise:alice"), None);
        assert_eq!(find(c, Some("gitlab_internal"), "alice"), None);
    }

    #[test]
    fn a_short_alias_matches_only_whole() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, Some("X"), "alice"), Some("X"));
        assert_eq!(find(c, None, "X:alice"), Some("X"));
        assert_eq!(find(c, None, "X"), Some("X"));
        assert_eq!(find(c, None, "X Games fan club"), None);
        assert_eq!(find(c, Some("Twitter"), "alice"), Some("X"));
    }

    #[test]
    fn unknown_accounts_match_nothing() {
        let c = Catalogue::builtin();
        assert_eq!(find(c, Some("Acme Corp"), "alice"), None);
        assert_eq!(find(c, None, ""), None);
        assert_eq!(find(c, Some(""), "   "), None);
        assert_eq!(find(c, Some("!!!"), "..."), None);
        assert_eq!(c.find(None, ":", Some("@")), None);
    }

    #[test]
    fn refuses_what_is_wrong_and_says_where() {
        let cases: &[(&str, &str)] = &[
            (
                "[[service]]\nname = \"A\"\nroutes = [\"passkey\"]\nrecovery = \"r\"\n",
                "passkey",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"r\"\ncolour = 1\n",
                "colour",
            ),
            (
                "[[service]]\nname = \" \"\nroutes = [\"totp\"]\nrecovery = \"r\"\n",
                "name is empty",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = []\nrecovery = \"r\"\n",
                "no recovery route",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"totp\", \"totp\"]\nrecovery = \"r\"\n",
                "listed twice",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"\"\n",
                "recovery is empty",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"r\"\ndomains = [\"Example.COM\"]\n",
                "not a domain",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"r\"\nssh_host = \"git@example.com\"\n",
                "ssh-key is not among",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"ssh-key\"]\nrecovery = \"r\"\nssh_host = \"-oProxyCommand=x@example.com\"\n",
                "not user@host",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"ssh-key\"]\nrecovery = \"r\"\nssh_host = \"git@example.com:99999\"\n",
                "not user@host",
            ),
            (
                "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"r\"\nsources = [\"http://example.com\"]\n",
                "not an https://",
            ),
            (
                "[[service]]\nname = \"A\\u001b[31m\"\nroutes = [\"totp\"]\nrecovery = \"r\"\n",
                "U+001B",
            ),
            (
                "[[service]]\nname = \"A\"\nissuers = [\"--\"]\nroutes = [\"totp\"]\nrecovery = \"r\"\n",
                "no letter or digit",
            ),
        ];
        for (text, expected) in cases {
            let err = Catalogue::from_toml(text).unwrap_err();
            assert!(err.contains(expected), "{text}\n=> {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
        let err = Catalogue::from_toml(
            "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"r\"\n\
             [[service]]\nname = \"B\"\nroutes = []\nrecovery = \"r\"\n",
        )
        .unwrap_err();
        assert!(err.starts_with("service 2 (\"B\")"), "{err}");
    }

    #[test]
    fn refuses_claims_made_twice() {
        let base = "routes = [\"totp\"]\nrecovery = \"r\"\n";
        let twice = |a: &str, b: &str| format!("[[service]]\n{a}\n{base}[[service]]\n{b}\n{base}");
        let err = Catalogue::from_toml(&twice("name = \"Same\"", "name = \"SAME\"")).unwrap_err();
        assert!(err.contains("two services are called"), "{err}");
        let err = Catalogue::from_toml(&twice(
            "name = \"A\"\nissuers = [\"Docker Hub\"]",
            "name = \"B\"\nissuers = [\"dockerhub\"]",
        ))
        .unwrap_err();
        assert!(err.contains("both claim the issuer"), "{err}");
        let err = Catalogue::from_toml(&twice(
            "name = \"A\"\ndomains = [\"example.com\"]",
            "name = \"B\"\ndomains = [\"example.com\"]",
        ))
        .unwrap_err();
        assert!(err.contains("both claim the domain example.com"), "{err}");
        // One service may spell its own alias two ways.
        Catalogue::from_toml(&format!(
            "[[service]]\nname = \"Hugging Face\"\nissuers = [\"HuggingFace\"]\n{base}"
        ))
        .unwrap();
    }

    #[test]
    fn a_syntax_error_names_its_line_and_nothing_panics() {
        let err = Catalogue::from_toml("\n\n[[service]\nname = 1\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        for garbage in [
            "\u{0}",
            "[[service]]",
            "service = 3",
            "[[service]]\nname = \"A\"\nroutes = \"totp\"\nrecovery = \"r\"\n",
            "[service]\nname = \"A\"",
            "[[service]]\nname = \"A\"\nroutes = [\"totp\"]\nrecovery = \"r\"\nssh_host = \"@:\"\n",
            "[[service]]\nname = \"A\"\nroutes = [\"ssh-key\"]\nrecovery = \"r\"\nssh_host = \"a@b\"\n",
        ] {
            assert!(Catalogue::from_toml(garbage).is_err(), "{garbage:?}");
        }
    }

    #[test]
    fn checks_ssh_hosts() {
        for good in [
            "git@github.com",
            "git@ssh.example.com:2222",
            "a.b-c_d@Example.COM",
        ] {
            assert!(check_ssh_host(good).is_ok(), "{good}");
        }
        for bad in [
            "github.com",
            "@github.com",
            "git@",
            "git@github",
            "git@-x.com",
            "-git@github.com",
            "git@github.com:0",
            "git@github.com:ssh",
            "git@git hub.com",
            "git@github.com;rm",
        ] {
            assert!(check_ssh_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_override_replaces_only_the_fields_it_gives() {
        let catalogue = Catalogue::from_toml(ONE).unwrap();
        let overrides = BTreeMap::from([(
            "example".to_string(),
            ServiceOverride {
                routes: Some(vec![Route::Totp, Route::Support]),
                notes: Some(vec!["call Bob".to_string()]),
                ..ServiceOverride::default()
            },
        )]);
        let changed = catalogue.try_with_overrides(&overrides).unwrap();
        let service = changed.get("Example").unwrap();
        assert_eq!(service.name, "Example");
        assert_eq!(service.routes, vec![Route::Totp, Route::Support]);
        assert_eq!(service.notes, vec!["call Bob".to_string()]);
        assert_eq!(service.recovery, "https://example.com/help");
        assert_eq!(service.issuers, vec!["Example Corp".to_string()]);
        assert_eq!(changed.services().len(), 1);
        // The original is untouched.
        assert_eq!(catalogue.get("Example").unwrap().notes.len(), 0);
    }

    #[test]
    fn an_override_adds_a_service_and_takes_its_claims() {
        let catalogue = Catalogue::builtin();
        let overrides = BTreeMap::from([(
            "Forge".to_string(),
            ServiceOverride {
                issuers: Some(vec![
                    "git.example.org".to_string(),
                    "GitHub Work".to_string(),
                ]),
                domains: Some(vec![" Git.Example.ORG ".to_string()]),
                routes: Some(vec![Route::SshKey, Route::AdminReset]),
                recovery: Some("ask the forge admins".to_string()),
                ssh_host: Some("git@git.example.org:2222".to_string()),
                ..ServiceOverride::default()
            },
        )]);
        let changed = catalogue.try_with_overrides(&overrides).unwrap();
        assert_eq!(changed.services().len(), catalogue.services().len() + 1);
        let forge = changed.get("forge").unwrap();
        assert_eq!(forge.domains, vec!["git.example.org".to_string()]);
        assert_eq!(
            changed
                .find(None, "git.example.org:alice", None)
                .map(|s| &s.name),
            Some(&forge.name)
        );
        assert_eq!(
            changed
                .find(Some("GitHub Work"), "alice", None)
                .map(|s| &s.name),
            Some(&forge.name)
        );
        assert_eq!(
            changed
                .find(Some("GitHub"), "alice", None)
                .map(|s| s.name.as_str()),
            Some("GitHub")
        );
    }

    #[test]
    fn an_override_takes_an_issuer_from_another_service() {
        let overrides = BTreeMap::from([(
            "Twitter Archive".to_string(),
            ServiceOverride {
                issuers: Some(vec!["Twitter".to_string()]),
                domains: Some(vec!["twitter.com".to_string()]),
                routes: Some(vec![Route::Email]),
                recovery: Some("https://example.org".to_string()),
                ..ServiceOverride::default()
            },
        )]);
        let changed = Catalogue::builtin().try_with_overrides(&overrides).unwrap();
        let x = changed.get("X").unwrap();
        assert!(!x.issuers.iter().any(|i| i == "Twitter"));
        assert!(!x.domains.iter().any(|d| d == "twitter.com"));
        assert_eq!(
            changed
                .find(Some("twitter"), "alice", None)
                .map(|s| s.name.as_str()),
            Some("Twitter Archive")
        );
        assert_eq!(
            changed
                .find(Some("X"), "alice", None)
                .map(|s| s.name.as_str()),
            Some("X")
        );
    }

    #[test]
    fn an_empty_ssh_host_removes_it() {
        let overrides = BTreeMap::from([(
            "GitLab".to_string(),
            ServiceOverride {
                ssh_host: Some(String::new()),
                ..ServiceOverride::default()
            },
        )]);
        let changed = Catalogue::builtin().try_with_overrides(&overrides).unwrap();
        assert_eq!(changed.get("gitlab").unwrap().ssh_host, None);
    }

    #[test]
    fn a_bad_override_is_refused_with_its_table_named() {
        let new_without_routes = BTreeMap::from([(
            "Acme".to_string(),
            ServiceOverride {
                recovery: Some("https://acme.example".to_string()),
                ..ServiceOverride::default()
            },
        )]);
        let err = Catalogue::builtin()
            .try_with_overrides(&new_without_routes)
            .unwrap_err();
        assert!(
            err.starts_with("[services.\"Acme\"]: no recovery route"),
            "{err}"
        );

        let takes_a_name = BTreeMap::from([(
            "Mine".to_string(),
            ServiceOverride {
                issuers: Some(vec!["GitHub".to_string()]),
                routes: Some(vec![Route::Totp]),
                recovery: Some("r".to_string()),
                ..ServiceOverride::default()
            },
        )]);
        let err = Catalogue::builtin()
            .try_with_overrides(&takes_a_name)
            .unwrap_err();
        assert!(err.contains("both claim the issuer \"github\""), "{err}");

        let nameless = BTreeMap::from([(" ".to_string(), ServiceOverride::default())]);
        assert!(
            Catalogue::builtin()
                .try_with_overrides(&nameless)
                .unwrap_err()
                .contains("needs a name")
        );
    }

    #[test]
    fn an_override_table_reads_from_a_config_file() {
        #[derive(Deserialize)]
        struct Config {
            services: BTreeMap<String, ServiceOverride>,
        }
        let config: Config = toml::from_str(
            "[services.\"Acme Corp\"]\nroutes = [\"totp\", \"admin-reset\"]\nrecovery = \"ask IT\"\n\
             [services.github]\nnotes = [\"work account: ask IT first\"]\n",
        )
        .unwrap();
        let changed = Catalogue::builtin()
            .try_with_overrides(&config.services)
            .unwrap();
        assert_eq!(
            changed
                .find(Some("Acme Corp"), "alice", None)
                .map(|s| s.name.as_str()),
            Some("Acme Corp")
        );
        assert_eq!(
            changed.get("GitHub").unwrap().notes,
            vec!["work account: ask IT first".to_string()]
        );
        let unknown = toml::from_str::<Config>("[services.a]\nroute = [\"totp\"]\n");
        assert!(unknown.is_err());
        let text = toml::to_string(&ServiceOverride {
            routes: Some(vec![Route::Sms]),
            ..ServiceOverride::default()
        })
        .unwrap();
        assert_eq!(text.trim(), "routes = [\"sms\"]");
    }

    #[test]
    fn hosts_in_text_skip_mail_addresses() {
        assert_eq!(
            hosts_in("GitHub.com:alice@example.org (https://x.com/a)"),
            vec!["github.com".to_string(), "x.com".to_string()]
        );
        assert!(hosts_in("alice").is_empty());
        assert!(host_is_under("a.b.example.com", "example.com"));
        assert!(!host_is_under("badexample.com", "example.com"));
    }
}
