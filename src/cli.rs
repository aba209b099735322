//! The command line, as clap types only: no logic, so that man pages and completions render
//! from this file alone. `app` turns these into calls to the core.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app::complete;

/// A whole number of 0 or more. Negative numbers reach it as values
/// (`allow_negative_numbers`), so that `--time -5` is told the value must not be negative,
/// instead of clap's "unexpected argument '-5'" and its advice to write `-- -5`, which would
/// not help an option's value.
fn whole_number(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if let Some(digits) = text.strip_prefix('-')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("the value must not be negative".to_string());
    }
    text.parse::<u64>().map_err(|e| match e.kind() {
        std::num::IntErrorKind::PosOverflow => format!("the value is larger than {}", u64::MAX),
        _ => "the value must be a whole number (digits only)".to_string(),
    })
}

/// [`whole_number`], at most `u32::MAX`.
fn whole_number_u32(text: &str) -> Result<u32, String> {
    u32::try_from(whole_number(text)?).map_err(|_| format!("the value is larger than {}", u32::MAX))
}

/// An HOTP counter: [`whole_number`], at most what a vault holds.
fn counter_value(text: &str) -> Result<u64, String> {
    crate::core::otp::check_input_counter(whole_number(text)?).map_err(|e| e.to_string())
}

#[derive(Debug, Parser)]
#[command(
    name = "mfa-kit",
    version,
    about = "Keep every way back into your accounts, back it up with age, and prove no single loss locks you out",
    long_about = "mfa-kit keeps TOTP secrets, recovery codes, SSH recovery keys and other recovery paths \
in one age-encrypted vault, makes encrypted backups that stock age opens, and audits, account by \
account, that no single lost device, wiped laptop or forgotten passphrase locks you out.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, each with an environment variable that does the same. They
/// are shown under their own heading in every command's help, apart from its own options.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The vault file [default: <data dir>/mfa-kit/vault.age]
    #[arg(long, global = true, env = "MFA_KIT_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// An age identity file that unlocks the vault (repeatable)
    #[arg(long, global = true, env = "MFA_KIT_IDENTITY", value_name = "FILE")]
    pub identity: Vec<PathBuf>,

    /// A file whose first line is the vault's passphrase
    #[arg(
        long,
        global = true,
        env = "MFA_KIT_PASSPHRASE_FILE",
        value_name = "FILE"
    )]
    pub passphrase_file: Option<PathBuf>,

    /// A file whose first line is the passphrase of a backup, when it is not the vault's
    #[arg(
        long,
        global = true,
        env = "MFA_KIT_BACKUP_PASSPHRASE_FILE",
        value_name = "FILE"
    )]
    pub backup_passphrase_file: Option<PathBuf>,

    /// The name of the device this vault lives on [default: the config's, else the host name]
    #[arg(add = complete::locations(), long, global = true, env = "MFA_KIT_DEVICE", value_name = "NAME")]
    pub device: Option<String>,

    /// The config file [default: <config dir>/mfa-kit/config.toml]
    #[arg(long, global = true, env = "MFA_KIT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty vault, locked by an identity file or a passphrase
    #[command(
        after_help = "Examples:\n  mfa-kit init --identity ~/.config/mfa-kit/identity.txt\n  mfa-kit init --passphrase"
    )]
    Init(InitArgs),

    /// Add an account's TOTP (or HOTP) from a URI, a secret or a QR screenshot
    #[command(
        after_help = "Examples:\n  mfa-kit add github --secret - --issuer GitHub --at phone   (paste the secret)\n  mfa-kit add gitlab --uri - < uri.txt\n  mfa-kit add vpn-token --secret - --hotp --counter 5      (a counter-based token)"
    )]
    Add(AddArgs),

    /// List the accounts, one a line
    List(ListArgs),

    /// Remove an account and everything kept for it (asks first on a terminal)
    Remove(RemoveArgs),

    /// Rename an account (its backups still count for it)
    #[command(after_help = "Examples:\n  mfa-kit rename github github-work")]
    Rename(RenameArgs),

    /// Print the current code of one account, or of every TOTP account
    #[command(
        after_help = "Examples:\n  mfa-kit code github\n  mfa-kit code github --clip     # to the clipboard, cleared after 20 seconds\n  mfa-kit code --json\n\nAn HOTP (counter-based) account's code comes only with its NAME: each code printed moves\nits counter on, so a listing of every account never spends one."
    )]
    Code(CodeArgs),

    /// Check a code: exit 0 if valid now, 1 if not (a code is accepted once)
    #[command(
        after_help = "Examples:\n  mfa-kit verify github 123456 && echo valid\n\nFor an HOTP account, --window N looks N counters ahead of the vault's counter, and an\naccepted code moves the counter past it."
    )]
    Verify(VerifyArgs),

    /// Show an account's enrollment QR code, to move it to a new authenticator
    #[command(
        after_help = "Examples:\n  mfa-kit qr github                     # scan it from the screen\n  mfa-kit qr github --invert            # for a terminal with a light background reversed\n  mfa-kit qr github --format png --out github.png"
    )]
    Qr(QrArgs),

    /// Add accounts from another authenticator's export
    #[command(
        after_help = "Examples:\n  mfa-kit import aegis-backup.json                 # the format is found from the file\n  mfa-kit import backup.2fas --from 2fas\n  mfa-kit import otp_accounts.json.aes --backup-passphrase-file pass.txt\n  mfa-kit import --from google --qr-image export-screenshot.png\n  mfa-kit import bitwarden_export.json --from bitwarden\n\nTOTP and HOTP (counter-based) entries are imported. Names are Issuer:account (or Issuer, or\naccount). Existing names and entries mfa-kit cannot hold (Steam, MD5) are skipped and\nreported on standard error. An encrypted export's password is read from\n--backup-passphrase-file (or MFA_KIT_BACKUP_PASSPHRASE_FILE), else asked on the terminal."
    )]
    Import(ImportArgs),

    /// Write every account for another authenticator: otpauth URIs or Aegis JSON
    #[command(
        after_help = "Examples:\n  mfa-kit export --format aegis --out aegis-import.json\n  mfa-kit export --format otpauth > uris.txt"
    )]
    Export(ExportArgs),

    /// Store, list and use an account's recovery codes
    #[command(subcommand)]
    Codes(CodesCommand),

    /// Register and check the SSH keys a service accepts for recovery
    #[command(subcommand)]
    Ssh(SshCommand),

    /// Declare other recovery paths: a security key, SMS, email, an admin, a trusted person
    #[command(subcommand)]
    Path(PathCommand),

    /// Devices and places: list them, retire one gone for good, rename one, group them in sites
    #[command(subcommand)]
    Location(LocationCommand),

    /// Write an age-encrypted copy of the whole vault that stock age opens
    #[command(
        after_help = "Examples:\n  mfa-kit backup --out /media/usb/mfa-kit.age --at usb-safe -r age1... --key-at paper-wallet\n  mfa-kit backup --out /media/usb/mfa-kit.age --at usb-safe --passphrase\n  mfa-kit backup --out - --armor -R ~/.config/mfa-kit/recipients.txt | mail -s backup me@example.com\n\nRestore without mfa-kit: age -d -i KEY FILE  (the plaintext is the vault's TOML document)"
    )]
    Backup(BackupArgs),

    /// Check, account by account, that no single loss locks you out (exit 1 if one fails)
    #[command(
        after_help = "Examples:\n  mfa-kit audit\n  mfa-kit audit --lose phone,laptop     # the month both were lost\n  mfa-kit audit --json | jq '.accounts[] | select(.ok | not) | .name'\n\nExit status: 0 when every account passes, 1 when any fails, 2 on error."
    )]
    Audit(AuditArgs),

    /// The recovery routes common services accept, with their recovery command or page
    #[command(
        after_help = "Examples:\n  mfa-kit services\n  mfa-kit services bitbucket\n  mfa-kit services --json | jq -r '.[] | select(.routes | index(\"ssh-key\")) | .name'\n\nAdd or change one in the config file, under [services.\"NAME\"] (routes, recovery, issuers,\ndomains, ssh_host, notes, sources)."
    )]
    Services(ServicesArgs),

    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  mfa-kit completions bash > ~/.local/share/bash-completion/completions/mfa-kit\n  mfa-kit completions zsh > ~/.zfunc/_mfa-kit"
    )]
    Completions(CompletionsArgs),

    /// A guided run on a throw-away vault: the locked-out story, from init to a passing audit
    #[command(
        after_help = "Examples:\n  mfa-kit demo\n\nIt works in a temporary folder and touches nothing of yours."
    )]
    Demo,

    /// A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key
    #[command(
        after_help = "Examples:\n  mfa-kit kit --out kit.pdf --at home-safe --key-at wallet\n  mfa-kit kit --out kit.pdf --paper letter --passphrase --at bank\n\nEach backup QR code's text starts with the line `mfa-kit part I/N`; the rest of the texts, in\norder, concatenated, is an armored age file of the gzip-compressed vault document. The sheet\nsays how to recover with zbarimg, age, gunzip and oathtool alone."
    )]
    Kit(KitArgs),

    /// Split a backup's key among trusted people (any K of N rebuild it), or combine shares
    #[command(subcommand)]
    Share(ShareCommand),

    /// Prove recovery: restore in memory from only what survives a loss, account by account
    #[command(
        after_help = "Examples:\n  mfa-kit drill --lose phone,laptop -i ~/paper-key.txt\n  mfa-kit drill --lose laptop --backup /media/usb/mfa-kit.age --backup-passphrase-file pw.txt --json\n\nIt opens, in memory, the backups that survive the loss (--backup FILE, or every recorded\nbackup file present here whose place is not lost) with only the keys given (-i, or\n--backup-passphrase-file), and checks that each account's codes come out as the vault's, now\nand at the next step. It never writes the vault but the drill's date on the backups it\nopened. Exit 0 when every account is recovered, 1 when any is not."
    )]
    Drill(DrillArgs),

    /// Internal to `code --clip`: the helper that holds a code on the clipboard, then clears
    /// it. Not a command clap knows (so neither help nor completion offers it): `main` runs
    /// the helper before parsing (`clipboard::hold_if_asked`).
    #[command(skip)]
    ClipboardHolder,

    /// Merge a backup into the vault (creating the vault on a new machine), or --check it
    #[command(
        after_help = "Examples:\n  mfa-kit restore /media/usb/mfa-kit.age -i ~/paper-key.txt\n  mfa-kit restore /media/usb/mfa-kit.age --check -i ~/paper-key.txt && echo up to date\n  mfa-kit --identity ~/.config/mfa-kit/identity.txt restore /media/usb/mfa-kit.age -i ~/paper-key.txt --ssh-dir ~/.ssh   # a new laptop\n\nWith no vault yet, restore creates one as init would (--identity FILE, created if missing,\nor --passphrase) and says which key now locks it."
    )]
    Restore(RestoreArgs),

    /// Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase
    #[command(
        after_help = "Examples:\n  mfa-kit unlock                  # 15 minutes unused at most\n  mfa-kit unlock --timeout 2h\n  mfa-kit unlock --passphrase-file pw.txt --timeout 90s\n\nThe agent listens on a socket in $XDG_RUNTIME_DIR/mfa-kit/ (a 0700 folder), serves only\nyour own user, and unwraps the vault's file keys itself: its key never leaves it. While it\nruns, any program of yours can ask it to open the vault. It exits after the idle time-out,\nafter 8 hours at most, on `mfa-kit lock`, or when its socket is removed (at logout).\nMFA_KIT_NO_AGENT=1 keeps a command away from it."
    )]
    Unlock(UnlockArgs),

    /// Lock the vault again: the agent holding its key forgets it and exits
    #[command(after_help = "Examples:\n  mfa-kit lock")]
    Lock,

    /// Give a passphrase vault a new key (and, if asked, a new passphrase)
    #[command(
        after_help = "Examples:\n  mfa-kit rekey                     # a vault made by the first version: one scrypt to open from now on\n  mfa-kit rekey --new-passphrase    # change the passphrase\n  mfa-kit rekey --passphrase-file old.txt --new-passphrase-file new.txt\n\nThe vault gets a new identity of its own, kept beside it in VAULT.identity.age (the vault's\nname without .age), encrypted with the passphrase; stock age opens the vault with\n`age -d -i VAULT.identity.age VAULT.age`. Every step leaves a vault that opens: a crash\nhalf-way loses nothing. A running agent is locked (its key is the old one)."
    )]
    Rekey(RekeyArgs),
}

#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// Lock again after this long unused: 90s, 15m, 2h (at most 8h) [default: 15m]
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Also change the passphrase (asked twice on the terminal)
    #[arg(long)]
    pub new_passphrase: bool,
    /// Also change the passphrase, to the first line of this file
    #[arg(long, value_name = "FILE", conflicts_with = "new_passphrase")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (`-` for standard output)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Encrypt with a passphrase (scrypt) instead of recipients
    #[arg(long)]
    pub passphrase: bool,
    /// An age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa) to encrypt to (repeatable)
    #[arg(short = 'r', long = "recipient", value_name = "RECIPIENT")]
    pub recipients: Vec<String>,
    /// A recipients file, one recipient a line (repeatable)
    #[arg(short = 'R', long = "recipients-file", value_name = "FILE")]
    pub recipients_files: Vec<PathBuf>,
    /// Write age's ASCII armor
    #[arg(short = 'a', long)]
    pub armor: bool,
    /// Where the file will be kept [default: this device]
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION")]
    pub at: Option<String>,
    /// Where the recipients' private keys live (repeatable) [default: this device]
    #[arg(add = complete::locations(), long = "key-at", value_name = "LOCATION")]
    pub key_at: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

#[derive(Debug, Args)]
pub struct KitArgs {
    /// The PDF to write (mode 0600)
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// The paper size
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: Paper,
    /// Where the printed kit will be kept [default: this device]
    #[arg(add = complete::locations(), long = "at", value_name = "PLACE")]
    pub at: Option<String>,
    /// Where the paper key (or the recipients' keys) will be kept, apart from the kit
    #[arg(add = complete::locations(), long = "key-at", value_name = "PLACE")]
    pub key_at: Vec<String>,
    /// Encrypt to this recipient instead of a paper key made for the kit (repeatable)
    #[arg(short = 'r', long = "recipient", value_name = "RECIPIENT")]
    pub recipients: Vec<String>,
    /// A recipients file instead of a paper key (repeatable)
    #[arg(short = 'R', long = "recipients-file", value_name = "FILE")]
    pub recipients_files: Vec<PathBuf>,
    /// Encrypt with a passphrase instead of a paper key
    #[arg(long)]
    pub passphrase: bool,
}

#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Make a backup key, back the vault up to it, and split the key into one share per holder
    #[command(
        after_help = "Examples:\n  mfa-kit share split --threshold 2 --to alice,bob,carol --out /media/usb/shared.age --at usb-safe --share-dir shares/\n\nAny K shares rebuild the key; fewer reveal nothing. Each share is a text file a person can\nalso type back in, and carries a checksum: a wrong, mixed or damaged share is refused."
    )]
    Split(ShareSplitArgs),
    /// Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)
    #[command(
        after_help = "Examples:\n  mfa-kit share combine alice.txt carol.txt --out key.txt && mfa-kit restore /media/usb/shared.age -i key.txt"
    )]
    Combine(ShareCombineArgs),
}

#[derive(Debug, Args)]
pub struct ShareSplitArgs {
    /// How many shares rebuild the key (K)
    #[arg(long, value_name = "K", allow_negative_numbers = true, value_parser = whole_number_u32)]
    pub threshold: u32,
    /// The holders, one share each (comma-separated locations or people, N of them)
    #[arg(
        add = complete::locations(),
        long,
        value_name = "LOC1,LOC2,...",
        value_delimiter = ',',
        required = true
    )]
    pub to: Vec<String>,
    /// The backup file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Where the backup file will be kept [default: this device]
    #[arg(add = complete::locations(), long = "at", value_name = "PLACE")]
    pub at: Option<String>,
    /// The folder to write the share files to (it must exist)
    #[arg(long, value_name = "DIR")]
    pub share_dir: PathBuf,
    /// Also write each share as a printable PDF page
    #[arg(long)]
    pub pdf: bool,
}

#[derive(Debug, Args)]
pub struct ShareCombineArgs {
    /// The share files (K or more)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the rebuilt identity to this file (mode 0600) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The locations (or sites) lost together (comma-separated, repeatable)
    #[arg(
        add = complete::locations(),
        long,
        value_name = "LOCATION[,LOCATION...]",
        value_delimiter = ',',
        required = true
    )]
    pub lose: Vec<String>,
    /// A backup file to open (repeatable) [default: every recorded backup file present here whose place is not lost]
    #[arg(long = "backup", value_name = "FILE")]
    pub backups: Vec<PathBuf>,
    /// An identity or SSH private key that survives the loss (repeatable)
    #[arg(short = 'i', long = "backup-identity", value_name = "IDENTITY")]
    pub identities: Vec<PathBuf>,
    /// Print JSON: {"ok","lost","accounts":[{"name","recovered","by"}]}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (`-` for standard input)
    pub file: PathBuf,
    /// An age identity file or SSH private key that opens the backup (repeatable)
    #[arg(short = 'i', long = "backup-identity", value_name = "IDENTITY")]
    pub identities: Vec<PathBuf>,
    /// Replace accounts that differ from the backup's (default: report and keep them)
    #[arg(long)]
    pub replace: bool,
    /// Change nothing: exit 0 if the backup holds every account as the vault has it now, 1 if not
    #[arg(long, conflicts_with_all = ["replace", "ssh_dir"])]
    pub check: bool,
    /// Also write the stored SSH private keys (0600) and their .pub into this folder, never
    /// over a file, and record them there on this device
    #[arg(long, value_name = "DIR")]
    pub ssh_dir: Option<PathBuf>,
    /// When no vault exists yet: lock the new one with a passphrase [default: --identity, created if missing]
    #[arg(long)]
    pub passphrase: bool,
}

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// Store recovery codes read from standard input (they replace any stored before)
    #[command(
        after_help = "Examples:\n  mfa-kit codes add github --at paper-drawer < github-recovery-codes.txt\n  pbpaste | mfa-kit codes add google"
    )]
    Add(CodesAddArgs),
    /// How many codes are left; --show prints them
    List(CodesListArgs),
    /// Mark a code used; without CODE, print the next unused one and mark it used
    #[command(
        after_help = "Examples:\n  mfa-kit codes use github            # prints a code to type in\n  mfa-kit codes use github a1b2c-3d4e5"
    )]
    Use(CodesUseArgs),
    /// Forget an account's recovery codes
    Remove(NameArg),
}

#[derive(Debug, Args)]
pub struct NameArg {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct CodesAddArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// Where another copy of the codes is kept, such as paper-drawer (repeatable)
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION")]
    pub at: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CodesListArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// Print the codes too (used ones marked)
    #[arg(long)]
    pub show: bool,
    /// Print JSON: {"account","left","total"} (with --show, also "codes")
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CodesUseArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// The code (case, spaces and dashes are ignored)
    pub code: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SshCommand {
    /// Register the SSH key a service accepts for recovery (public or private key file)
    #[command(
        after_help = "Examples:\n  mfa-kit ssh add bitbucket ~/.ssh/id_ed25519.pub\n  mfa-kit ssh add gitlab ~/.ssh/recovery_ed25519 --store   # backups carry the key"
    )]
    Add(SshAddArgs),
    /// Check every registered key on this device: exit 1 if one is missing or changed; --live
    /// proves each is still accepted by its service
    #[command(
        after_help = "Examples:\n  mfa-kit ssh check\n  mfa-kit ssh check --live bitbucket\n\nWith --live, the key is tried the way `ssh -T git@github.com` does, with that key alone and\nno command that could spend or replace recovery codes. MFA_KIT_SSH_COMMAND replaces `ssh`\n(as GIT_SSH_COMMAND does). State live, rejected or unreachable; exit 1 if any key is not live."
    )]
    Check(SshCheckArgs),
    /// Forget a registered key
    Remove(SshRemoveArgs),
}

#[derive(Debug, Args)]
pub struct SshAddArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// The key file: public (.pub) or private (a protected one is never unlocked)
    pub keyfile: PathBuf,
    /// Where the private key lives [default: this device]
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION")]
    pub at: Option<String>,
    /// Keep the private key file's text in the vault, so backups carry it
    #[arg(long)]
    pub store: bool,
    /// Where `ssh check --live` tries the key, when the account's service gives no host
    #[arg(long, value_name = "USER@HOST[:PORT]")]
    pub host: Option<String>,
}

#[derive(Debug, Args)]
pub struct SshCheckArgs {
    /// Only this account's keys
    #[arg(add = complete::accounts())]
    pub name: Option<String>,
    /// Also prove each key on this device is still accepted: log in with it alone, running
    /// nothing (BatchMode, IdentitiesOnly, no agent, a bounded time-out)
    #[arg(long)]
    pub live: bool,
    /// Print a JSON list of {"account","path","fingerprint","at","state"}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SshRemoveArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// The key's fingerprint or path (needed when the account has several keys)
    pub key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PathKindArg {
    Authenticator,
    SecurityKey,
    Sms,
    Email,
    AdminReset,
    TrustedContact,
    Other,
}

#[derive(Debug, Subcommand)]
pub enum PathCommand {
    /// Declare a recovery path and where it lives
    #[command(
        after_help = "Examples:\n  mfa-kit path add github security-key --at keychain\n  mfa-kit path add work-sso admin-reset --at it-helpdesk --note \"ticket via the intranet\""
    )]
    Add(PathAddArgs),
    /// Forget declared recovery paths of a kind (at one location with --at); `authenticator`
    /// also forgets the copies recorded by `add --at` and `import --at`
    Remove(PathRemoveArgs),
}

#[derive(Debug, Args)]
pub struct PathAddArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// The kind of path
    #[arg(value_enum)]
    pub kind: PathKindArg,
    /// What the path needs: where the key, phone, mailbox or person is
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION", required = true)]
    pub at: String,
    /// A note for yourself (the number, the address, who to call)
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct PathRemoveArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// The kind of path
    #[arg(value_enum)]
    pub kind: PathKindArg,
    /// Only the path at this location
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Lock the vault with a passphrase instead of an identity file
    #[arg(long)]
    pub passphrase: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    #[value(name = "SHA1", alias = "sha1")]
    Sha1,
    #[value(name = "SHA256", alias = "sha256")]
    Sha256,
    #[value(name = "SHA512", alias = "sha512")]
    Sha512,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The account's name in mfa-kit
    pub name: String,

    /// An otpauth://totp/ or otpauth://hotp/ URI; `-` reads it from standard input
    #[arg(long, value_name = "URI", conflicts_with_all = ["secret", "issuer", "algorithm", "digits", "period", "hotp", "counter"])]
    pub uri: Option<String>,

    /// The base32 secret; `-` reads it from standard input (a secret on the command line shows in ps)
    #[arg(long, value_name = "BASE32")]
    pub secret: Option<String>,

    /// Who issued it (the service's name)
    #[arg(long)]
    pub issuer: Option<String>,

    /// The HMAC hash
    #[arg(long, value_enum, ignore_case = true, default_value = "SHA1")]
    pub algorithm: AlgorithmArg,

    /// Digits in a code, 6 to 8
    #[arg(long, default_value_t = 6, allow_negative_numbers = true, value_parser = whole_number)]
    pub digits: u64,

    /// Seconds a code lasts
    #[arg(long, default_value_t = 30, allow_negative_numbers = true, value_parser = whole_number)]
    pub period: u64,

    /// The secret is an HOTP (RFC 4226) one: its codes follow a counter, not the clock
    #[arg(long, conflicts_with = "period")]
    pub hotp: bool,

    /// The HOTP counter of the next code (with --hotp) [default: 0]
    #[arg(long, value_name = "N", requires = "hotp", allow_negative_numbers = true, value_parser = counter_value)]
    pub counter: Option<u64>,

    /// A screenshot or photo (PNG or JPEG) of the service's enrollment QR code
    #[arg(long, value_name = "FILE", conflicts_with_all = ["uri", "secret", "issuer", "algorithm", "digits", "period", "hotp", "counter"])]
    pub qr_image: Option<PathBuf>,

    /// A device whose authenticator app also holds this secret (repeatable)
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION")]
    pub at: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print a JSON list of objects
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The account to remove
    #[arg(add = complete::accounts())]
    pub name: String,
    /// Do not ask, even on a terminal, when recovery codes or SSH keys go with it
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The account's name now (any case)
    #[arg(add = complete::accounts())]
    pub old: String,
    /// Its new name
    pub new: String,
}

#[derive(Debug, Subcommand)]
pub enum LocationCommand {
    /// Every location and site the vault names, with how many recovery paths need each
    List(LocationListArgs),
    /// A device or place is gone for good: forget what was kept there, and say what it cost
    #[command(
        after_help = "Examples:\n  mfa-kit location retire phone          # the phone was reset\n  mfa-kit location retire home           # a site: every place in it\n\nThe vault's own device cannot be retired."
    )]
    Retire(LocationArgs),
    /// Rename a location or a site everywhere it is named
    Rename(LocationRenameArgs),
    /// Put a location in a site, a place one event takes out whole (a fire at home)
    #[command(
        after_help = "Examples:\n  mfa-kit location site laptop home\n  mfa-kit location site paper-drawer home\n  mfa-kit location site laptop --none    # in no site again"
    )]
    Site(LocationSiteArgs),
}

#[derive(Debug, Args)]
pub struct LocationListArgs {
    /// Print a JSON list of {"name","site","paths"}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LocationArgs {
    /// The location (or site)
    #[arg(add = complete::locations())]
    pub location: String,
}

#[derive(Debug, Args)]
pub struct LocationRenameArgs {
    /// The location or site's name now
    #[arg(add = complete::locations())]
    pub old: String,
    /// Its new name
    pub new: String,
}

#[derive(Debug, Args)]
pub struct LocationSiteArgs {
    /// The location
    #[arg(add = complete::locations())]
    pub location: String,
    /// The site to put it in
    #[arg(add = complete::sites(), required_unless_present = "none")]
    pub site: Option<String>,
    /// Take the location out of its site
    #[arg(long, conflicts_with = "site")]
    pub none: bool,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// The account (every account's code, one a line, without it)
    #[arg(add = complete::accounts())]
    pub name: Option<String>,

    /// The moment to compute the code for, in Unix seconds [default: now]
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true, value_parser = whole_number)]
    pub time: Option<u64>,

    /// Print JSON: {"account","code","period","remaining"} (a list without NAME); an HOTP
    /// account's is {"account","code","counter"}
    #[arg(long)]
    pub json: bool,

    /// Copy the code to the clipboard instead of printing it, and clear the clipboard after
    /// 20 seconds if it still holds the code (X11 or Wayland)
    #[arg(long, requires = "name", conflicts_with = "json")]
    pub clip: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,

    /// The code to check (spaces are ignored)
    pub code: String,

    /// Time steps accepted either side of now (HOTP: counters looked ahead)
    #[arg(long, default_value_t = 1, value_name = "N", allow_negative_numbers = true, value_parser = whole_number)]
    pub window: u64,

    /// The moment to check the code at, in Unix seconds [default: now]
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true, value_parser = whole_number)]
    pub time: Option<u64>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Print one JSON object instead of the table
    #[arg(long)]
    pub json: bool,
    /// Independent paths an account needs to pass [default: the config's, else 2]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub min_paths: Option<u32>,
    /// What if these locations were lost together? (comma-separated, repeatable)
    #[arg(add = complete::locations(), long, value_name = "LOCATION[,LOCATION...]", value_delimiter = ',')]
    pub lose: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QrFormat {
    /// Half-block characters for a terminal
    Ansi,
    Svg,
    Png,
}

#[derive(Debug, Args)]
pub struct QrArgs {
    /// The account
    #[arg(add = complete::accounts())]
    pub name: String,
    /// How to draw it
    #[arg(long, value_enum, default_value = "ansi")]
    pub format: QrFormat,
    /// Write to this file (mode 0600) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Light on dark instead of dark on light
    #[arg(long)]
    pub invert: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// One otpauth:// URI a line
    Otpauth,
    /// Aegis's JSON export or vault, plain or encrypted
    Aegis,
    /// 2FAS's .2fas backup, plain or encrypted
    #[value(name = "2fas")]
    TwoFas,
    /// Google Authenticator's otpauth-migration:// export
    Google,
    /// Bitwarden's JSON export (each item's login.totp)
    Bitwarden,
    /// Proton Authenticator's JSON export
    Proton,
    /// ente Auth's plain-text export
    Ente,
    /// FreeOTP+'s JSON backup
    #[value(name = "freeotp-plus")]
    FreeotpPlus,
    /// andOTP's backup: .json, or .json.aes (encrypted)
    Andotp,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The export file (`-` for standard input)
    #[arg(required_unless_present = "qr_image")]
    pub file: Option<PathBuf>,
    /// The export's format [default: found from the file's content]
    #[arg(long, value_enum)]
    pub from: Option<ImportFormat>,
    /// A screenshot of Google Authenticator's export QR code (repeatable; with --from google)
    #[arg(long, value_name = "FILE")]
    pub qr_image: Vec<PathBuf>,
    /// The device whose authenticator app made the export, and so holds every imported
    /// account (repeatable)
    #[arg(add = complete::locations(), long = "at", value_name = "LOCATION")]
    pub at: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Otpauth,
    Aegis,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (mode 0600) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServicesArgs {
    /// Only this service (by name, issuer or domain)
    #[arg(add = complete::services())]
    pub name: Option<String>,
    /// Print a JSON list of {"name","routes","recovery",...}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
