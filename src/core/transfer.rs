//! Moving accounts between authenticators: reading otpauth URI lists, Aegis's plain JSON
//! export, 2FAS's `.2fas` backup and Google Authenticator's `otpauth-migration://` export;
//! writing otpauth lists and Aegis JSON. Names of imported accounts are `Issuer:account`,
//! `Issuer` or `account`. What mfa-kit cannot hold (HOTP, Steam) is skipped with a reason.

use serde_json::{Value, json};

use super::otp::{Algorithm, check_params};
use super::otpauth::{OtpauthUri, UriError, percent_decode};
use super::secret::{SecretString, decode_base32, encode_base32, has_prefix_ignore_case};
use super::vault::{Account, Vault};

/// The most entries one import file may hold.
pub const MAX_ENTRIES: usize = 10_000;

/// One account found in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub uri: OtpauthUri,
}

/// One entry of an import file: an account to add, or what was skipped and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Found(Found),
    Skipped { what: String, why: String },
}

/// The name an imported account gets.
pub fn import_name(issuer: Option<&str>, account: &str, position: usize) -> String {
    let issuer = issuer.map(str::trim).filter(|i| !i.is_empty());
    let account = account.trim();
    let name = match (issuer, account.is_empty()) {
        (Some(issuer), false) if account.starts_with(&format!("{issuer}:")) => account.to_string(),
        (Some(issuer), false) => format!("{issuer}:{account}"),
        (Some(issuer), true) => issuer.to_string(),
        (None, false) => account.to_string(),
        (None, true) => format!("imported-{position}"),
    };
    // Control characters cannot be in a name; what a service put there is replaced.
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .chars()
        .take(super::vault::MAX_NAME_CHARS)
        .collect()
}

fn found(uri: OtpauthUri, position: usize) -> Entry {
    Entry::Found(Found {
        name: import_name(uri.issuer.as_deref(), &uri.account, position),
        uri,
    })
}

fn skipped(what: impl Into<String>, why: impl Into<String>) -> Entry {
    Entry::Skipped {
        what: what.into(),
        why: why.into(),
    }
}

fn too_many(count: usize) -> Result<(), String> {
    if count > MAX_ENTRIES {
        return Err(format!("the file holds more than {MAX_ENTRIES} entries"));
    }
    Ok(())
}

/// One otpauth URI a line; blank lines and `#` comments skipped.
pub fn parse_otpauth_list(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen_uri = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let looks = has_prefix_ignore_case(line, "otpauth://");
        seen_uri |= looks;
        let what = format!("line {}", index + 1);
        entries.push(match OtpauthUri::parse(line) {
            Ok(uri) => found(uri, index + 1),
            Err(UriError::Hotp) => skipped(what, "HOTP (counter-based) accounts are not supported"),
            Err(e) => skipped(what, e.to_string()),
        });
        too_many(entries.len())?;
    }
    if !seen_uri {
        return Err("it holds no otpauth:// URI".to_string());
    }
    Ok(entries)
}

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn number_field(value: &Value, key: &str, default: u64) -> Result<u64, String> {
    match value.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .ok_or_else(|| format!("{key} is not a whole number")),
    }
}

/// Builds the URI an entry describes, checking it as `add` would.
fn entry_uri(
    issuer: &str,
    account: &str,
    secret: &str,
    algorithm: &str,
    digits: u64,
    period: u64,
) -> Result<OtpauthUri, String> {
    let canonical = super::secret::normalize_base32(secret).map_err(|e| e.to_string())?;
    decode_base32(canonical.expose()).map_err(|e| e.to_string())?;
    let algorithm: Algorithm = if algorithm.is_empty() {
        Algorithm::Sha1
    } else {
        algorithm
            .parse()
            .map_err(|e: super::otp::OtpError| e.to_string())?
    };
    let (digits, period) = check_params(digits, period).map_err(|e| e.to_string())?;
    Ok(OtpauthUri {
        issuer: Some(issuer.trim().to_string()).filter(|i| !i.is_empty()),
        account: account.trim().to_string(),
        secret: canonical,
        algorithm,
        digits,
        period,
    })
}

/// An entry of a JSON export: `params` holds `digits` and `period` (defaults 6 and 30).
fn json_entry(
    what: String,
    position: usize,
    (issuer, account): (&str, &str),
    secret: &str,
    algorithm: &str,
    params: &Value,
) -> Entry {
    let result = number_field(params, "digits", 6).and_then(|digits| {
        let period = number_field(params, "period", 30)?;
        entry_uri(issuer, account, secret, algorithm, digits, period)
    });
    match result {
        Ok(uri) => found(uri, position),
        Err(why) => skipped(what, why),
    }
}

fn parse_json(text: &str, format: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|_| format!("it is not a {format} JSON file"))
}

/// Aegis's plain (unencrypted) JSON export: `db.entries[]` with `info.secret`, `algo`,
/// `digits`, `period`.
pub fn parse_aegis(text: &str) -> Result<Vec<Entry>, String> {
    let root = parse_json(text, "Aegis")?;
    let db = root
        .get("db")
        .ok_or("it has no \"db\": not an Aegis export")?;
    if db.is_string() {
        return Err(
            "this Aegis export is encrypted; export it again from Aegis without encryption"
                .to_string(),
        );
    }
    let items = db
        .get("entries")
        .and_then(Value::as_array)
        .ok_or("it has no db.entries list: not an Aegis export")?;
    too_many(items.len())?;
    let mut entries = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let name = str_field(item, "name");
        let issuer = str_field(item, "issuer");
        let what = format!(
            "entry {} ({})",
            index + 1,
            import_name(Some(issuer), name, index + 1)
        );
        let kind = str_field(item, "type");
        if !kind.eq_ignore_ascii_case("totp") {
            entries.push(skipped(what, format!("{kind} accounts are not supported")));
            continue;
        }
        let info = item.get("info").cloned().unwrap_or(Value::Null);
        entries.push(json_entry(
            what,
            index + 1,
            (issuer, name),
            str_field(&info, "secret"),
            str_field(&info, "algo"),
            &info,
        ));
    }
    Ok(entries)
}

/// 2FAS's `.2fas` backup, schema 1 to 4, unencrypted.
pub fn parse_2fas(text: &str) -> Result<Vec<Entry>, String> {
    let root = parse_json(text, "2FAS")?;
    let encrypted = root
        .get("servicesEncrypted")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    if encrypted {
        return Err(
            "this 2FAS backup is encrypted; export it again from 2FAS without a password"
                .to_string(),
        );
    }
    let services = root
        .get("services")
        .and_then(Value::as_array)
        .ok_or("it has no \"services\" list: not a 2FAS backup")?;
    too_many(services.len())?;
    let mut entries = Vec::new();
    for (index, service) in services.iter().enumerate() {
        let otp = service.get("otp").cloned().unwrap_or(Value::Null);
        let service_name = str_field(service, "name");
        let issuer = Some(str_field(&otp, "issuer"))
            .filter(|i| !i.is_empty())
            .unwrap_or(service_name);
        let account = str_field(&otp, "account");
        let what = format!(
            "service {} ({})",
            index + 1,
            import_name(Some(issuer), account, index + 1)
        );
        let kind = Some(str_field(&otp, "tokenType"))
            .filter(|k| !k.is_empty())
            .unwrap_or("TOTP");
        if !kind.eq_ignore_ascii_case("totp") {
            entries.push(skipped(what, format!("{kind} accounts are not supported")));
            continue;
        }
        entries.push(json_entry(
            what,
            index + 1,
            (issuer, account),
            str_field(service, "secret"),
            str_field(&otp, "algorithm"),
            &otp,
        ));
    }
    Ok(entries)
}

/// Google Authenticator's export: one or several `otpauth-migration://offline?data=...` URIs.
pub fn parse_google(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen = false;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let payload = migration_payload(line)?;
        seen = true;
        decode_migration(&payload, &mut entries)?;
        too_many(entries.len())?;
    }
    if !seen {
        return Err("it holds no otpauth-migration:// URI".to_string());
    }
    Ok(entries)
}

fn migration_payload(uri: &str) -> Result<Vec<u8>, String> {
    let scheme = "otpauth-migration://";
    if !has_prefix_ignore_case(uri, scheme) {
        return Err("a line is not an otpauth-migration:// URI".to_string());
    }
    let query = uri.split_once('?').map(|(_, q)| q).unwrap_or("");
    let data = query
        .split('&')
        .find_map(|p| p.strip_prefix("data="))
        .ok_or("the otpauth-migration URI has no data= parameter")?;
    // Base64 keeps `+` as a plus: undo only %XX escapes.
    let data = percent_decode(&data.replace('+', "%2B"), "data").map_err(|e| e.to_string())?;
    let mut data: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    while !data.len().is_multiple_of(4) {
        data.push('=');
    }
    data_encoding::BASE64
        .decode(data.as_bytes())
        .map_err(|_| "the otpauth-migration data is not base64".to_string())
}

/// A protobuf field as read from the wire: only what MigrationPayload uses.
enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("the migration data is truncated")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("the migration data has an over-long number".to_string())
}

fn read_fields(bytes: &[u8]) -> Result<Vec<(u64, Field<'_>)>, String> {
    let mut fields = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let key = read_varint(bytes, &mut at)?;
        let field = match key & 7 {
            0 => Field::Varint(read_varint(bytes, &mut at)?),
            2 => {
                let len =
                    usize::try_from(read_varint(bytes, &mut at)?).map_err(|_| "bad length")?;
                let end = at
                    .checked_add(len)
                    .filter(|e| *e <= bytes.len())
                    .ok_or("the migration data is truncated")?;
                let slice = &bytes[at..end];
                at = end;
                Field::Bytes(slice)
            }
            1 => {
                at = at
                    .checked_add(8)
                    .filter(|e| *e <= bytes.len())
                    .ok_or("the migration data is truncated")?;
                continue;
            }
            5 => {
                at = at
                    .checked_add(4)
                    .filter(|e| *e <= bytes.len())
                    .ok_or("the migration data is truncated")?;
                continue;
            }
            _ => return Err("the migration data is not a Google Authenticator export".to_string()),
        };
        fields.push((key >> 3, field));
    }
    Ok(fields)
}

fn decode_migration(payload: &[u8], entries: &mut Vec<Entry>) -> Result<(), String> {
    for (number, field) in read_fields(payload)? {
        let (1, Field::Bytes(parameters)) = (number, field) else {
            continue;
        };
        let position = entries.len() + 1;
        let mut secret = Vec::new();
        let (mut name, mut issuer) = (String::new(), String::new());
        let (mut algorithm, mut digits, mut kind) = (0, 0, 0);
        for (number, field) in read_fields(parameters)? {
            match (number, field) {
                (1, Field::Bytes(b)) => secret = b.to_vec(),
                (2, Field::Bytes(b)) => name = String::from_utf8_lossy(b).into_owned(),
                (3, Field::Bytes(b)) => issuer = String::from_utf8_lossy(b).into_owned(),
                (4, Field::Varint(v)) => algorithm = v,
                (5, Field::Varint(v)) => digits = v,
                (6, Field::Varint(v)) => kind = v,
                _ => {}
            }
        }
        let secret = zeroize::Zeroizing::new(secret);
        // Google writes "Issuer:account" as the name when it has both.
        let account = name
            .strip_prefix(&format!("{issuer}:"))
            .unwrap_or(&name)
            .trim()
            .to_string();
        let what = format!(
            "entry {position} ({})",
            import_name(Some(&issuer), &account, position)
        );
        if kind == 1 {
            entries.push(skipped(
                what,
                "HOTP (counter-based) accounts are not supported",
            ));
            continue;
        }
        let algorithm = match algorithm {
            0 | 1 => "SHA1",
            2 => "SHA256",
            3 => "SHA512",
            _ => {
                entries.push(skipped(
                    what,
                    "MD5 and unknown algorithms are not supported",
                ));
                continue;
            }
        };
        let digits = match digits {
            0 | 1 => 6,
            2 => 8,
            _ => {
                entries.push(skipped(what, "an unknown number of digits"));
                continue;
            }
        };
        if secret.is_empty() {
            entries.push(skipped(what, "the entry has no secret"));
            continue;
        }
        let base32 = encode_base32(&secret);
        entries.push(
            match entry_uri(&issuer, &account, base32.expose(), algorithm, digits, 30) {
                Ok(uri) => Entry::Found(Found {
                    name: import_name(uri.issuer.as_deref(), &uri.account, position),
                    uri,
                }),
                Err(why) => skipped(what, why),
            },
        );
    }
    Ok(())
}

/// Every account as an otpauth URI, one a line. Holds the secrets.
pub fn export_otpauth(vault: &Vault) -> SecretString {
    let mut text = String::new();
    for account in vault.sorted_accounts() {
        text.push_str(account.to_otpauth().to_uri().expose());
        text.push('\n');
    }
    SecretString::new(text)
}

/// Every account as Aegis's plain JSON export (database version 2), which Aegis imports.
pub fn export_aegis(vault: &Vault) -> SecretString {
    let entries: Vec<Value> = vault
        .sorted_accounts()
        .iter()
        .enumerate()
        .map(|(index, account)| aegis_entry(account, index))
        .collect();
    let root = json!({
        "version": 1,
        "header": { "slots": null, "params": null },
        "db": { "version": 2, "entries": entries },
    });
    SecretString::new(serde_json::to_string_pretty(&root).expect("JSON values serialise"))
}

fn aegis_entry(account: &Account, index: usize) -> Value {
    // A stable, well-formed UUID per position: Aegis requires one and mfa-kit keeps none.
    let uuid = format!("00000000-0000-4000-8000-{:012x}", index + 1);
    json!({
        "type": "totp",
        "uuid": uuid,
        "name": account.label.clone().unwrap_or_else(|| account.name.clone()),
        "issuer": account.issuer.clone().unwrap_or_default(),
        "note": "",
        "favorite": false,
        "icon": null,
        "info": {
            "secret": account.secret.expose(),
            "algo": account.algorithm.as_str(),
            "digits": account.digits,
            "period": account.period,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Found(f) => f.name.clone(),
                Entry::Skipped { what, .. } => format!("skipped {what}"),
            })
            .collect()
    }

    #[test]
    fn names_are_predictable() {
        assert_eq!(import_name(Some("GitHub"), "alice", 1), "GitHub:alice");
        assert_eq!(import_name(Some("GitHub"), "", 1), "GitHub");
        assert_eq!(import_name(None, "alice", 1), "alice");
        assert_eq!(import_name(Some(" "), " ", 7), "imported-7");
        assert_eq!(
            import_name(Some("GitHub"), "GitHub:alice", 1),
            "GitHub:alice"
        );
    }

    #[test]
    fn otpauth_lists() {
        let text = "# my accounts\n\notpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\notpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1\nnonsense\n";
        let entries = parse_otpauth_list(text).unwrap();
        assert_eq!(
            names(&entries),
            ["GitHub:alice", "skipped line 4", "skipped line 5"]
        );
        assert!(parse_otpauth_list("hello\n").is_err());
    }

    #[test]
    fn google_migration_payload() {
        // One TOTP (SHA1, 6 digits) and one HOTP entry, encoded by hand per the schema.
        fn field(number: u8, bytes: &[u8]) -> Vec<u8> {
            let mut out = vec![(number << 3) | 2, bytes.len() as u8];
            out.extend_from_slice(bytes);
            out
        }
        let mut totp = field(1, b"Hello!\xde\xad\xbe\xef");
        totp.extend(field(2, b"Example:alice"));
        totp.extend(field(3, b"Example"));
        totp.extend([4 << 3, 1, 5 << 3, 1, 6 << 3, 2]);
        let mut hotp = field(1, b"12345678901234567890");
        hotp.extend(field(2, b"counter"));
        hotp.extend([6 << 3, 1]);
        let mut payload = field(1, &totp);
        payload.extend(field(1, &hotp));
        payload.extend([2 << 3, 1]);
        let data = data_encoding::BASE64.encode(&payload);
        let uri = format!(
            "otpauth-migration://offline?data={}",
            data.replace('=', "%3D").replace('+', "%2B")
        );
        let entries = parse_google(&uri).unwrap();
        assert_eq!(
            names(&entries),
            ["Example:alice", "skipped entry 2 (counter)"]
        );
        let Entry::Found(found) = &entries[0] else {
            panic!()
        };
        assert_eq!(
            found.uri.secret.expose(),
            encode_base32(b"Hello!\xde\xad\xbe\xef").expose()
        );
        assert!(parse_google("otpauth-migration://offline?data=%%%").is_err());
        assert!(parse_google("otpauth-migration://offline?data=AAAA").is_err());
        assert!(
            parse_google("otpauth-migration://offline?data=")
                .unwrap()
                .is_empty()
        );
        assert!(parse_google("otpauth://totp/x?secret=A").is_err());
    }

    #[test]
    fn aegis_and_2fas() {
        let aegis = r#"{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[
            {"type":"totp","name":"alice","issuer":"GitHub","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA256","digits":8,"period":60}},
            {"type":"steam","name":"gamer","issuer":"Steam","info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":5,"period":30}},
            {"type":"totp","name":"broken","issuer":"X","info":{"secret":"!!","algo":"SHA1","digits":6,"period":30}}]}}"#;
        let entries = parse_aegis(aegis).unwrap();
        assert_eq!(names(&entries)[0], "GitHub:alice");
        assert!(names(&entries)[1].starts_with("skipped"));
        assert!(names(&entries)[2].starts_with("skipped"));
        let Entry::Found(found) = &entries[0] else {
            panic!()
        };
        assert_eq!(
            (found.uri.algorithm, found.uri.digits, found.uri.period),
            (Algorithm::Sha256, 8, 60)
        );
        assert!(
            parse_aegis(r#"{"header":{"slots":[{}]},"db":"ZW5jcnlwdGVk"}"#)
                .unwrap_err()
                .contains("encrypted")
        );
        assert!(parse_aegis("[]").is_err());

        let twofas = r#"{"services":[{"name":"GitLab","secret":"JBSWY3DPEHPK3PXP","otp":{"account":"bob","issuer":"GitLab","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}},
            {"name":"Counter","secret":"JBSWY3DPEHPK3PXP","otp":{"tokenType":"HOTP"}}],"schemaVersion":4}"#;
        let entries = parse_2fas(twofas).unwrap();
        assert_eq!(names(&entries)[0], "GitLab:bob");
        assert!(names(&entries)[1].starts_with("skipped"));
        assert!(
            parse_2fas(r#"{"services":[],"servicesEncrypted":"abc","schemaVersion":4}"#)
                .unwrap_err()
                .contains("encrypted")
        );
    }
}
