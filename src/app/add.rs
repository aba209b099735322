//! `add NAME`: a new account's TOTP (or HOTP, `--hotp --counter N` or an `otpauth://hotp/`
//! URI) from `--uri`, `--qr-image`, or `--secret` with its parameters; `-` reads either from standard input, where a secret does not show in `ps` or
//! shell history. What the user typed (NAME, `--issuer`) must be inert or is refused; what a
//! URI or QR code says is cleaned (`OtpauthUri::parse`); a secret and parameters are held to
//! the input bounds.

use crate::app::{Context, dedup, read_stdin_value};
use crate::cli::{AddArgs, AlgorithmArg};
use crate::core::edit::Taken;
use crate::core::otp::{
    Algorithm, DEFAULT_PERIOD, Totp, check_input_counter, check_input_params, check_input_secret,
};
use crate::core::otpauth::OtpauthUri;
use crate::core::secret::{decode_base32, has_prefix_ignore_case, normalize_base32};
use crate::core::text::check_inert;
use crate::core::vault::{Account, NameTaken, check_location, check_name};
use crate::error::{Error, Outcome, Result};
use crate::sys::output;

pub fn run(ctx: &Context, args: AddArgs) -> Result<Outcome> {
    check_inert("the account name", &args.name)
        .map_err(|e| Error::new(e).hint("give NAME in plain characters"))?;
    check_name("account", &args.name).map_err(|e| Error::new(e).hint("choose another name"))?;
    if let Some(issuer) = &args.issuer {
        check_inert("the issuer", issuer)
            .map_err(|e| Error::new(e).hint("give --issuer in plain characters"))?;
    }
    for location in &args.at {
        check_location(location).map_err(|e| Error::new(e).hint("fix --at"))?;
    }
    let mut account = account_from_args(&args, ctx.now())?;
    account.authenticators = dedup(args.at.clone());
    let name = account.name.clone();
    let counter = account.counter;
    let taken = |name: &str| {
        Error::new(format!("an account named {name:?} exists already"))
            .hint("choose another name, or `mfa-kit remove` it first")
    };
    ctx.update_sealed(
        |sealed, save| {
            // As the model's locations are kept once it is changed.
            let mut account = account.clone();
            account.normalize_locations();
            Some(match sealed.added(&account) {
                Ok(with) => save(with),
                Err(Taken(name)) => Err(taken(&name)),
            })
        },
        |vault| {
            vault
                .insert(account.clone())
                .map_err(|NameTaken(name)| taken(&name))
        },
    )?;
    output::note(match counter {
        Some(counter) => {
            format!("Added {name:?}, an HOTP account whose next code uses counter {counter}.")
        }
        None => format!("Added {name:?}."),
    });
    Ok(Outcome::Yes)
}

/// Builds the account from --uri or --secret; nothing is written yet.
pub fn account_from_args(args: &AddArgs, now: u64) -> Result<Account> {
    if let Some(image) = &args.qr_image {
        let bytes = crate::sys::fs::read_bounded(image, "the image")?;
        let texts = crate::core::qr::decode_image(&bytes).map_err(|e| {
            Error::new(format!("{}: {e}", image.display()))
                .hint("give a screenshot or photo of the service's QR code")
        })?;
        if texts
            .iter()
            .any(|t| has_prefix_ignore_case(t, "otpauth-migration:"))
        {
            return Err(Error::new("this QR code is a Google Authenticator export")
                .hint("use `mfa-kit import --from google --qr-image FILE`"));
        }
        // decode_image gives each text once: two here are two different codes.
        let uris: Vec<&String> = texts
            .iter()
            .filter(|t| has_prefix_ignore_case(t, "otpauth://"))
            .collect();
        if uris.len() > 1 {
            return Err(Error::new(format!(
                "{} holds {} different otpauth QR codes; which one is {:?}?",
                image.display(),
                uris.len(),
                args.name
            ))
            .hint("crop the image to the one QR code of this account"));
        }
        let Some(text) = uris.first() else {
            return Err(Error::new(format!(
                "the QR code in {} is not an otpauth URI",
                image.display()
            ))
            .hint("give the QR code the service shows to enrol an authenticator"));
        };
        let parsed = OtpauthUri::parse(text)
            .map_err(|e| Error::new(format!("the QR code's URI: {e}")).hint("check the QR code"))?;
        return Ok(account_from_uri(&args.name, parsed, now));
    }
    if let Some(uri) = &args.uri {
        let text = if uri == "-" {
            read_stdin_value("otpauth URI")?
        } else {
            uri.clone().into()
        };
        let parsed = OtpauthUri::parse(&text).map_err(|e| {
            Error::new(format!("bad --uri: {e}"))
                .hint("copy the whole otpauth://totp/ (or otpauth://hotp/) URI")
        })?;
        return Ok(account_from_uri(&args.name, parsed, now));
    }
    let Some(secret) = &args.secret else {
        return Err(
            Error::new(format!("add {} needs the account's secret", args.name))
                .hint("give --uri URI or --secret BASE32 (`-` reads either from standard input)"),
        );
    };
    let text = if secret == "-" {
        read_stdin_value("secret")?
    } else {
        secret.clone().into()
    };
    let bad_secret = |e: &dyn std::fmt::Display| {
        Error::new(format!("bad --secret: {e}"))
            .hint("copy the secret the service shows, in base32")
    };
    let canonical = normalize_base32(&text).map_err(|e| bad_secret(&e))?;
    let key = decode_base32(canonical.expose()).map_err(|e| bad_secret(&e))?;
    check_input_secret(&key).map_err(|e| bad_secret(&e))?;
    let algorithm = match args.algorithm {
        AlgorithmArg::Sha1 => Algorithm::Sha1,
        AlgorithmArg::Sha256 => Algorithm::Sha256,
        AlgorithmArg::Sha512 => Algorithm::Sha512,
    };
    let bad_params = |e: &dyn std::fmt::Display| {
        let kind = if args.hotp { "HOTP" } else { "TOTP" };
        Error::new(format!("bad {kind} parameters: {e}")).hint(if args.hotp {
            "check --digits"
        } else {
            "check --digits and --period"
        })
    };
    // An HOTP has no period: the default is kept, unused.
    let period = if args.hotp {
        DEFAULT_PERIOD
    } else {
        args.period
    };
    check_input_params(args.digits, period).map_err(|e| bad_params(&e))?;
    let counter = args
        .hotp
        .then(|| check_input_counter(args.counter.unwrap_or(0)))
        .transpose()
        .map_err(|e| Error::new(format!("bad --counter: {e}")).hint("give a smaller counter"))?;
    let totp = Totp::new(&key, algorithm, args.digits, period).map_err(|e| bad_params(&e))?;
    let uri = OtpauthUri {
        issuer: args.issuer.clone().filter(|i| !i.trim().is_empty()),
        account: String::new(),
        secret: canonical,
        algorithm,
        digits: totp.digits(),
        period: totp.period(),
        counter,
    };
    Ok(account_from_uri(&args.name, uri, now))
}

/// An account named `name` holding what an otpauth URI says.
pub fn account_from_uri(name: &str, uri: OtpauthUri, now: u64) -> Account {
    Account {
        name: name.to_string(),
        issuer: uri.issuer,
        label: Some(uri.account).filter(|a| !a.is_empty()),
        secret: uri.secret,
        algorithm: uri.algorithm,
        digits: uri.digits,
        period: uri.period,
        created: now,
        authenticators: Vec::new(),
        last_verified: None,
        last_step: None,
        counter: uri.counter,
        recovery_codes: None,
        ssh_keys: Vec::new(),
        paths: Vec::new(),
        renamed_from: Vec::new(),
    }
}
