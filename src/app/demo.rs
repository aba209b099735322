//! `demo`: the locked-out story told with the real commands, run by this same binary on a
//! throw-away vault in a temporary folder (its own HOME, vault, identity and config), never
//! the user's. Each command is printed before its output.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::{Error, Outcome, Result};
use crate::sys::{crypto, output};

const SECRET: &str = "JBSWY3DPEHPK3PXP";
const BITBUCKET_URI: &str = "otpauth://totp/Bitbucket:you@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bitbucket";
/// A throw-away key pair made with ssh-keygen for the demo only: public, so never use it.
const SSH_PUBLIC_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC8jebcPm92AOPPUPLVZwWDiz2Kik/2QdsDYt8EmXCl+ you@laptop\n";
const SSH_PRIVATE_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACAvI3m3D5vdgDjz1Dy1WcFg4s9iopP9kHbA2LfBJlwpfgAAAJDmWMla5ljJ
WgAAAAtzc2gtZWQyNTUxOQAAACAvI3m3D5vdgDjz1Dy1WcFg4s9iopP9kHbA2LfBJlwpfg
AAAEC6DD/qgf9cE0duELirYThL5B0ttcHCYaGHyEEpYrr54S8jebcPm92AOPPUPLVZwWDi
z2Kik/2QdsDYt8EmXCl+AAAACnlvdUBsYXB0b3ABAgM=
-----END OPENSSH PRIVATE KEY-----
";
const CODES: &str = "1. 4f2a-91cd\n2. 7be0-33a1\n3. c5d8-0e47\n4. 19ab-77f2\n5. e3c1-5d09\n";

struct Demo {
    exe: std::path::PathBuf,
    dir: tempfile::TempDir,
}

impl Demo {
    /// mfa-kit with only the demo's own home, vault, identity and config in its environment.
    fn command(&self, args: &[&str]) -> Command {
        let home = self.dir.path();
        let mut command = Command::new(&self.exe);
        command
            .args(args)
            .env_clear()
            .env("HOME", home)
            .env("MFA_KIT_VAULT", home.join("vault.age"))
            .env("MFA_KIT_IDENTITY", home.join("identity.txt"))
            .env("MFA_KIT_CONFIG", home.join("config.toml"));
        command
    }

    fn say(&self, text: &str) -> Result<()> {
        output::line("")?;
        for line in text.lines() {
            output::line(format!("# {line}"))?;
        }
        Ok(())
    }

    /// Prints `$ mfa-kit ARGS` (with what is piped in), runs it, prints its output.
    fn run(&self, args: &[&str], input: Option<(&str, &str)>) -> Result<i32> {
        let shown = args
            .iter()
            .map(|a| {
                if a.contains([' ', '&', '?']) {
                    format!("'{a}'")
                } else {
                    a.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        match input {
            Some((how, _)) => output::line(format!("$ {how} | mfa-kit {shown}"))?,
            None => output::line(format!("$ mfa-kit {shown}"))?,
        }
        let mut child = self
            .command(args)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MFA_KIT_DEVICE", "laptop")
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::new(format!("the demo cannot run mfa-kit: {e}")))?;
        let mut stdin = child.stdin.take().expect("piped");
        if let Some((_, text)) = input {
            let _ = stdin.write_all(text.as_bytes());
        }
        drop(stdin);
        let out = child
            .wait_with_output()
            .map_err(|e| Error::new(format!("the demo cannot run mfa-kit: {e}")))?;
        output::bytes(&out.stdout)?;
        output::bytes(&out.stderr)?;
        let status = out.status.code().unwrap_or(2);
        if status != 0 {
            output::line(format!("(exit status {status})"))?;
        }
        Ok(status)
    }
}

pub fn run() -> Result<Outcome> {
    let demo = Demo {
        exe: std::env::current_exe()
            .map_err(|e| Error::new(format!("the demo cannot find mfa-kit itself: {e}")))?,
        dir: tempfile::Builder::new()
            .prefix("mfa-kit-demo-")
            .tempdir()
            .map_err(|e| Error::new(format!("the demo cannot make a temporary folder: {e}")))?,
    };
    let home = demo.dir.path();
    let write = |name: &str, text: &str| {
        std::fs::create_dir_all(home.join(name).parent().expect("a folder"))
            .and_then(|_| std::fs::write(home.join(name), text))
            .map_err(|e| Error::new(format!("the demo cannot write {name}: {e}")))
    };
    write("id_ed25519.pub", SSH_PUBLIC_KEY)?;
    write("id_ed25519", SSH_PRIVATE_KEY)?;
    // The "USB stick": a folder here, as if the stick were mounted there.
    std::fs::create_dir(home.join("usb-stick"))
        .map_err(|e| Error::new(format!("the demo cannot make its usb-stick folder: {e}")))?;
    let (paper_key, recipient) = crypto::generate_identity(0);
    write("paper-key.txt", &paper_key)?;

    demo.say(&format!(
        "mfa-kit demo, in a throw-away folder ({}); nothing of yours is touched.\n\
         Alice keeps her authenticator on her phone, and her recovery codes and the SSH key\n\
         Bitbucket accepts for recovery on her work laptop. Let us put it all in one vault.",
        home.display()
    ))?;
    let mut ok = demo.run(&["init", "--identity", "identity.txt"], None)? == 0;
    ok &= demo.run(
        &[
            "add", "github", "--secret", "-", "--issuer", "GitHub", "--at", "phone",
        ],
        Some((&format!("echo {SECRET}"), &format!("{SECRET}\n"))),
    )? == 0;
    ok &= demo.run(
        &["add", "bitbucket", "--uri", BITBUCKET_URI, "--at", "phone"],
        None,
    )? == 0;
    ok &= demo.run(
        &["codes", "add", "bitbucket"],
        Some(("cat bitbucket-codes.txt", CODES)),
    )? == 0;
    ok &= demo.run(&["ssh", "add", "bitbucket", "id_ed25519.pub"], None)? == 0;

    demo.say(
        "Codes. Typing the code her phone shows into verify proves the vault holds the same\n\
         secret (the demo has no phone, so it types the vault's own code; a code is accepted once):",
    )?;
    let code = run_quiet(&demo, &["code", "github"])?;
    ok &= demo.run(&["code", "github"], None)? == 0;
    ok &= demo.run(&["verify", "github", code.trim()], None)? == 0;

    demo.say("The audit: every account has two independent ways back in (phone and laptop).")?;
    ok &= demo.run(&["audit"], None)? == 0;

    demo.say("But what if the phone is reset and the laptop wiped in the same month?")?;
    ok &= demo.run(&["audit", "--lose", "phone,laptop"], None)? == 1;

    demo.say(
        "Locked out. A backup on a USB stick kept in the safe, encrypted to a paper key\n\
         kept in the wallet, is a way back in that needs neither. (The demo's stick is a\n\
         folder on this disk, so the audit warns that the backup is still on the vault's disk.)",
    )?;
    ok &= demo.run(
        &[
            "backup",
            "--out",
            "usb-stick/mfa-kit.age",
            "--at",
            "usb-safe",
            "-r",
            &recipient,
            "--key-at",
            "paper-wallet",
        ],
        None,
    )? == 0;
    ok &= demo.run(&["audit", "--lose", "phone,laptop"], None)? == 0;

    demo.say(
        "Saved. And the backup opens without mfa-kit:  age -d -i paper-key.txt usb-stick/mfa-kit.age\n\
         Next: `mfa-kit init` for real, and the walk-through in the README.",
    )?;
    if ok {
        Ok(Outcome::Yes)
    } else {
        Err(Error::new("the demo did not go as expected").hint("please report it"))
    }
}

fn run_quiet(demo: &Demo, args: &[&str]) -> Result<String> {
    let out = demo
        .command(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::new(format!("the demo cannot run mfa-kit: {e}")))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
