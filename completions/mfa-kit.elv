
use builtin;
use str;

set edit:completion:arg-completer[mfa-kit] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mfa-kit'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mfa-kit'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create an empty vault, locked by an identity file or a passphrase'
            cand add 'Add an account''s TOTP from a URI, a secret or a QR screenshot'
            cand list 'List the accounts, one a line'
            cand remove 'Remove an account and everything kept for it (asks first on a terminal)'
            cand rename 'Rename an account (its backups still count for it)'
            cand code 'Print the current TOTP code of one account, or of all'
            cand verify 'Check a TOTP code: exit 0 if valid now, 1 if not (a code is accepted once)'
            cand qr 'Show an account''s enrollment QR code, to move it to a new authenticator'
            cand import 'Add accounts from another authenticator''s export'
            cand export 'Write every account for another authenticator: otpauth URIs or Aegis JSON'
            cand codes 'Store, list and use an account''s recovery codes'
            cand ssh 'Register and check the SSH keys a service accepts for recovery'
            cand path 'Declare other recovery paths: a security key, SMS, email, an admin, a trusted person'
            cand location 'Devices and places: list them, retire one gone for good, rename one, group them in sites'
            cand backup 'Write an age-encrypted copy of the whole vault that stock age opens'
            cand audit 'Check, account by account, that no single loss locks you out (exit 1 if one fails)'
            cand services 'The recovery routes common services accept, with their recovery command or page'
            cand completions 'Print a shell completion script'
            cand demo 'A guided run on a throw-away vault: the locked-out story, from init to a passing audit'
            cand kit 'A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key'
            cand share 'Split a backup''s key among trusted people (any K of N rebuild it), or combine shares'
            cand drill 'Prove recovery: restore in memory from only what survives a loss, account by account'
            cand restore 'Merge a backup into the vault (creating the vault on a new machine), or --check it'
            cand unlock 'Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase'
            cand lock 'Lock the vault again: the agent holding its key forgets it and exits'
            cand rekey 'Give a passphrase vault a new key (and, if asked, a new passphrase)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;init'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --passphrase 'Lock the vault with a passphrase instead of an identity file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;add'= {
            cand --uri 'An otpauth://totp/ URI; `-` reads it from standard input'
            cand --secret 'The base32 secret; `-` reads it from standard input (a secret on the command line shows in ps)'
            cand --issuer 'Who issued it (the service''s name)'
            cand --algorithm 'The HMAC hash'
            cand --digits 'Digits in a code, 6 to 8'
            cand --period 'Seconds a code lasts'
            cand --qr-image 'A screenshot or photo (PNG or JPEG) of the service''s enrollment QR code'
            cand --at 'A device whose authenticator app also holds this secret (repeatable)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;list'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --json 'Print a JSON list of objects'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;remove'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -y 'Do not ask, even on a terminal, when recovery codes or SSH keys go with it'
            cand --yes 'Do not ask, even on a terminal, when recovery codes or SSH keys go with it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;rename'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;code'= {
            cand --time 'The moment to compute the code for, in Unix seconds [default: now]'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --json 'Print JSON: {"account","code","period","remaining"} (a list without NAME)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;verify'= {
            cand --window 'Time steps accepted either side of now'
            cand --time 'The moment to check the code at, in Unix seconds [default: now]'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;qr'= {
            cand --format 'How to draw it'
            cand --out 'Write to this file (mode 0600) instead of standard output'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --invert 'Light on dark instead of dark on light'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;import'= {
            cand --from 'The export''s format'
            cand --qr-image 'A screenshot of Google Authenticator''s export QR code (repeatable; with --from google)'
            cand --at 'The device whose authenticator app made the export, and so holds every imported account (repeatable)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;export'= {
            cand --format 'The format to write'
            cand --out 'Write to this file (mode 0600) instead of standard output'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;codes'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Store recovery codes read from standard input (they replace any stored before)'
            cand list 'How many codes are left; --show prints them'
            cand use 'Mark a code used; without CODE, print the next unused one and mark it used'
            cand remove 'Forget an account''s recovery codes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;codes;add'= {
            cand --at 'Where another copy of the codes is kept, such as paper-drawer (repeatable)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;codes;list'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --show 'Print the codes too (used ones marked)'
            cand --json 'Print JSON: {"account","left","total"} (with --show, also "codes")'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;codes;use'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;codes;remove'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;codes;help'= {
            cand add 'Store recovery codes read from standard input (they replace any stored before)'
            cand list 'How many codes are left; --show prints them'
            cand use 'Mark a code used; without CODE, print the next unused one and mark it used'
            cand remove 'Forget an account''s recovery codes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;codes;help;add'= {
        }
        &'mfa-kit;codes;help;list'= {
        }
        &'mfa-kit;codes;help;use'= {
        }
        &'mfa-kit;codes;help;remove'= {
        }
        &'mfa-kit;codes;help;help'= {
        }
        &'mfa-kit;ssh'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Register the SSH key a service accepts for recovery (public or private key file)'
            cand check 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service'
            cand remove 'Forget a registered key'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;ssh;add'= {
            cand --at 'Where the private key lives [default: this device]'
            cand --host 'Where `ssh check --live` tries the key, when the account''s service gives no host'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --store 'Keep the private key file''s text in the vault, so backups carry it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;ssh;check'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --live 'Also prove each key on this device is still accepted: log in with it alone, running nothing (BatchMode, IdentitiesOnly, no agent, a bounded time-out)'
            cand --json 'Print a JSON list of {"account","path","fingerprint","at","state"}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;ssh;remove'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;ssh;help'= {
            cand add 'Register the SSH key a service accepts for recovery (public or private key file)'
            cand check 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service'
            cand remove 'Forget a registered key'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;ssh;help;add'= {
        }
        &'mfa-kit;ssh;help;check'= {
        }
        &'mfa-kit;ssh;help;remove'= {
        }
        &'mfa-kit;ssh;help;help'= {
        }
        &'mfa-kit;path'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Declare a recovery path and where it lives'
            cand remove 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;path;add'= {
            cand --at 'What the path needs: where the key, phone, mailbox or person is'
            cand --note 'A note for yourself (the number, the address, who to call)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;path;remove'= {
            cand --at 'Only the path at this location'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;path;help'= {
            cand add 'Declare a recovery path and where it lives'
            cand remove 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;path;help;add'= {
        }
        &'mfa-kit;path;help;remove'= {
        }
        &'mfa-kit;path;help;help'= {
        }
        &'mfa-kit;location'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every location and site the vault names, with how many recovery paths need each'
            cand retire 'A device or place is gone for good: forget what was kept there, and say what it cost'
            cand rename 'Rename a location or a site everywhere it is named'
            cand site 'Put a location in a site, a place one event takes out whole (a fire at home)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;location;list'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --json 'Print a JSON list of {"name","site","paths"}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;location;retire'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;location;rename'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;location;site'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --none 'Take the location out of its site'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;location;help'= {
            cand list 'Every location and site the vault names, with how many recovery paths need each'
            cand retire 'A device or place is gone for good: forget what was kept there, and say what it cost'
            cand rename 'Rename a location or a site everywhere it is named'
            cand site 'Put a location in a site, a place one event takes out whole (a fire at home)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;location;help;list'= {
        }
        &'mfa-kit;location;help;retire'= {
        }
        &'mfa-kit;location;help;rename'= {
        }
        &'mfa-kit;location;help;site'= {
        }
        &'mfa-kit;location;help;help'= {
        }
        &'mfa-kit;backup'= {
            cand --out 'The file to write (`-` for standard output)'
            cand -r 'An age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa) to encrypt to (repeatable)'
            cand --recipient 'An age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa) to encrypt to (repeatable)'
            cand -R 'A recipients file, one recipient a line (repeatable)'
            cand --recipients-file 'A recipients file, one recipient a line (repeatable)'
            cand --at 'Where the file will be kept [default: this device]'
            cand --key-at 'Where the recipients'' private keys live (repeatable) [default: this device]'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --passphrase 'Encrypt with a passphrase (scrypt) instead of recipients'
            cand -a 'Write age''s ASCII armor'
            cand --armor 'Write age''s ASCII armor'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;audit'= {
            cand --min-paths 'Independent paths an account needs to pass [default: the config''s, else 2]'
            cand --lose 'What if these locations were lost together? (comma-separated, repeatable)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --json 'Print one JSON object instead of the table'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;services'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --json 'Print a JSON list of {"name","routes","recovery",...}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;completions'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;demo'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;kit'= {
            cand --out 'The PDF to write (mode 0600)'
            cand --paper 'The paper size'
            cand --at 'Where the printed kit will be kept [default: this device]'
            cand --key-at 'Where the paper key (or the recipients'' keys) will be kept, apart from the kit'
            cand -r 'Encrypt to this recipient instead of a paper key made for the kit (repeatable)'
            cand --recipient 'Encrypt to this recipient instead of a paper key made for the kit (repeatable)'
            cand -R 'A recipients file instead of a paper key (repeatable)'
            cand --recipients-file 'A recipients file instead of a paper key (repeatable)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --passphrase 'Encrypt with a passphrase instead of a paper key'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;share'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand split 'Make a backup key, back the vault up to it, and split the key into one share per holder'
            cand combine 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;share;split'= {
            cand --threshold 'How many shares rebuild the key (K)'
            cand --to 'The holders, one share each (comma-separated locations or people, N of them)'
            cand --out 'The backup file to write'
            cand --at 'Where the backup file will be kept [default: this device]'
            cand --share-dir 'The folder to write the share files to (it must exist)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --pdf 'Also write each share as a printable PDF page'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;share;combine'= {
            cand --out 'Write the rebuilt identity to this file (mode 0600) instead of standard output'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;share;help'= {
            cand split 'Make a backup key, back the vault up to it, and split the key into one share per holder'
            cand combine 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;share;help;split'= {
        }
        &'mfa-kit;share;help;combine'= {
        }
        &'mfa-kit;share;help;help'= {
        }
        &'mfa-kit;drill'= {
            cand --lose 'The locations (or sites) lost together (comma-separated, repeatable)'
            cand --backup 'A backup file to open (repeatable) [default: every recorded backup file present here whose place is not lost]'
            cand -i 'An identity or SSH private key that survives the loss (repeatable)'
            cand --backup-identity 'An identity or SSH private key that survives the loss (repeatable)'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --json 'Print JSON: {"ok","lost","accounts":[{"name","recovered","by"}]}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;restore'= {
            cand -i 'An age identity file or SSH private key that opens the backup (repeatable)'
            cand --backup-identity 'An age identity file or SSH private key that opens the backup (repeatable)'
            cand --ssh-dir 'Also write the stored SSH private keys (0600) and their .pub into this folder, never over a file, and record them there on this device'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --replace 'Replace accounts that differ from the backup''s (default: report and keep them)'
            cand --check 'Change nothing: exit 0 if the backup holds every account as the vault has it now, 1 if not'
            cand --passphrase 'When no vault exists yet: lock the new one with a passphrase [default: --identity, created if missing]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;unlock'= {
            cand --timeout 'Lock again after this long unused: 90s, 15m, 2h (at most 8h) [default: 15m]'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;lock'= {
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;rekey'= {
            cand --new-passphrase-file 'Also change the passphrase, to the first line of this file'
            cand --vault 'The vault file [default: <data dir>/mfa-kit/vault.age]'
            cand --identity 'An age identity file that unlocks the vault (repeatable)'
            cand --passphrase-file 'A file whose first line is the vault''s passphrase'
            cand --backup-passphrase-file 'A file whose first line is the passphrase of a backup, when it is not the vault''s'
            cand --device 'The name of the device this vault lives on [default: the config''s, else the host name]'
            cand --config 'The config file [default: <config dir>/mfa-kit/config.toml]'
            cand --new-passphrase 'Also change the passphrase (asked twice on the terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfa-kit;help'= {
            cand init 'Create an empty vault, locked by an identity file or a passphrase'
            cand add 'Add an account''s TOTP from a URI, a secret or a QR screenshot'
            cand list 'List the accounts, one a line'
            cand remove 'Remove an account and everything kept for it (asks first on a terminal)'
            cand rename 'Rename an account (its backups still count for it)'
            cand code 'Print the current TOTP code of one account, or of all'
            cand verify 'Check a TOTP code: exit 0 if valid now, 1 if not (a code is accepted once)'
            cand qr 'Show an account''s enrollment QR code, to move it to a new authenticator'
            cand import 'Add accounts from another authenticator''s export'
            cand export 'Write every account for another authenticator: otpauth URIs or Aegis JSON'
            cand codes 'Store, list and use an account''s recovery codes'
            cand ssh 'Register and check the SSH keys a service accepts for recovery'
            cand path 'Declare other recovery paths: a security key, SMS, email, an admin, a trusted person'
            cand location 'Devices and places: list them, retire one gone for good, rename one, group them in sites'
            cand backup 'Write an age-encrypted copy of the whole vault that stock age opens'
            cand audit 'Check, account by account, that no single loss locks you out (exit 1 if one fails)'
            cand services 'The recovery routes common services accept, with their recovery command or page'
            cand completions 'Print a shell completion script'
            cand demo 'A guided run on a throw-away vault: the locked-out story, from init to a passing audit'
            cand kit 'A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key'
            cand share 'Split a backup''s key among trusted people (any K of N rebuild it), or combine shares'
            cand drill 'Prove recovery: restore in memory from only what survives a loss, account by account'
            cand restore 'Merge a backup into the vault (creating the vault on a new machine), or --check it'
            cand unlock 'Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase'
            cand lock 'Lock the vault again: the agent holding its key forgets it and exits'
            cand rekey 'Give a passphrase vault a new key (and, if asked, a new passphrase)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfa-kit;help;init'= {
        }
        &'mfa-kit;help;add'= {
        }
        &'mfa-kit;help;list'= {
        }
        &'mfa-kit;help;remove'= {
        }
        &'mfa-kit;help;rename'= {
        }
        &'mfa-kit;help;code'= {
        }
        &'mfa-kit;help;verify'= {
        }
        &'mfa-kit;help;qr'= {
        }
        &'mfa-kit;help;import'= {
        }
        &'mfa-kit;help;export'= {
        }
        &'mfa-kit;help;codes'= {
            cand add 'Store recovery codes read from standard input (they replace any stored before)'
            cand list 'How many codes are left; --show prints them'
            cand use 'Mark a code used; without CODE, print the next unused one and mark it used'
            cand remove 'Forget an account''s recovery codes'
        }
        &'mfa-kit;help;codes;add'= {
        }
        &'mfa-kit;help;codes;list'= {
        }
        &'mfa-kit;help;codes;use'= {
        }
        &'mfa-kit;help;codes;remove'= {
        }
        &'mfa-kit;help;ssh'= {
            cand add 'Register the SSH key a service accepts for recovery (public or private key file)'
            cand check 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service'
            cand remove 'Forget a registered key'
        }
        &'mfa-kit;help;ssh;add'= {
        }
        &'mfa-kit;help;ssh;check'= {
        }
        &'mfa-kit;help;ssh;remove'= {
        }
        &'mfa-kit;help;path'= {
            cand add 'Declare a recovery path and where it lives'
            cand remove 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`'
        }
        &'mfa-kit;help;path;add'= {
        }
        &'mfa-kit;help;path;remove'= {
        }
        &'mfa-kit;help;location'= {
            cand list 'Every location and site the vault names, with how many recovery paths need each'
            cand retire 'A device or place is gone for good: forget what was kept there, and say what it cost'
            cand rename 'Rename a location or a site everywhere it is named'
            cand site 'Put a location in a site, a place one event takes out whole (a fire at home)'
        }
        &'mfa-kit;help;location;list'= {
        }
        &'mfa-kit;help;location;retire'= {
        }
        &'mfa-kit;help;location;rename'= {
        }
        &'mfa-kit;help;location;site'= {
        }
        &'mfa-kit;help;backup'= {
        }
        &'mfa-kit;help;audit'= {
        }
        &'mfa-kit;help;services'= {
        }
        &'mfa-kit;help;completions'= {
        }
        &'mfa-kit;help;demo'= {
        }
        &'mfa-kit;help;kit'= {
        }
        &'mfa-kit;help;share'= {
            cand split 'Make a backup key, back the vault up to it, and split the key into one share per holder'
            cand combine 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)'
        }
        &'mfa-kit;help;share;split'= {
        }
        &'mfa-kit;help;share;combine'= {
        }
        &'mfa-kit;help;drill'= {
        }
        &'mfa-kit;help;restore'= {
        }
        &'mfa-kit;help;unlock'= {
        }
        &'mfa-kit;help;lock'= {
        }
        &'mfa-kit;help;rekey'= {
        }
        &'mfa-kit;help;help'= {
        }
    ]
    $completions[$command]
}
