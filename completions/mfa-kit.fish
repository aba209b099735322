# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mfa_kit_global_optspecs
    string join \n vault= identity= passphrase-file= backup-passphrase-file= device= config= h/help V/version
end

function __fish_mfa_kit_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mfa_kit_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mfa_kit_using_subcommand
    set -l cmd (__fish_mfa_kit_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "init" -d 'Create an empty vault, locked by an identity file or a passphrase'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "add" -d 'Add an account\'s TOTP from a URI, a secret or a QR screenshot'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "list" -d 'List the accounts, one a line'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "remove" -d 'Remove an account and everything kept for it (asks first on a terminal)'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "rename" -d 'Rename an account (its backups still count for it)'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "code" -d 'Print the current TOTP code of one account, or of all'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "verify" -d 'Check a TOTP code: exit 0 if valid now, 1 if not (a code is accepted once)'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "qr" -d 'Show an account\'s enrollment QR code, to move it to a new authenticator'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "import" -d 'Add accounts from another authenticator\'s export'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "export" -d 'Write every account for another authenticator: otpauth URIs or Aegis JSON'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "codes" -d 'Store, list and use an account\'s recovery codes'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "ssh" -d 'Register and check the SSH keys a service accepts for recovery'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "path" -d 'Declare other recovery paths: a security key, SMS, email, an admin, a trusted person'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "location" -d 'Devices and places: list them, retire one gone for good, rename one, group them in sites'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "backup" -d 'Write an age-encrypted copy of the whole vault that stock age opens'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "audit" -d 'Check, account by account, that no single loss locks you out (exit 1 if one fails)'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "services" -d 'The recovery routes common services accept, with their recovery command or page'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "demo" -d 'A guided run on a throw-away vault: the locked-out story, from init to a passing audit'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "kit" -d 'A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "share" -d 'Split a backup\'s key among trusted people (any K of N rebuild it), or combine shares'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "drill" -d 'Prove recovery: restore in memory from only what survives a loss, account by account'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "restore" -d 'Merge a backup into the vault (creating the vault on a new machine), or --check it'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "unlock" -d 'Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "lock" -d 'Lock the vault again: the agent holding its key forgets it and exits'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "rekey" -d 'Give a passphrase vault a new key (and, if asked, a new passphrase)'
complete -c mfa-kit -n "__fish_mfa_kit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -l passphrase -d 'Lock the vault with a passphrase instead of an identity file'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand init" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l uri -d 'An otpauth://totp/ URI; `-` reads it from standard input' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l secret -d 'The base32 secret; `-` reads it from standard input (a secret on the command line shows in ps)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l issuer -d 'Who issued it (the service\'s name)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l algorithm -d 'The HMAC hash' -r -f -a "SHA1\t''
SHA256\t''
SHA512\t''"
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l digits -d 'Digits in a code, 6 to 8' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l period -d 'Seconds a code lasts' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l qr-image -d 'A screenshot or photo (PNG or JPEG) of the service\'s enrollment QR code' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l at -d 'A device whose authenticator app also holds this secret (repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand add" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -l json -d 'Print a JSON list of objects'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand list" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -s y -l yes -d 'Do not ask, even on a terminal, when recovery codes or SSH keys go with it'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand remove" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rename" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l time -d 'The moment to compute the code for, in Unix seconds [default: now]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -l json -d 'Print JSON: {"account","code","period","remaining"} (a list without NAME)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand code" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l window -d 'Time steps accepted either side of now' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l time -d 'The moment to check the code at, in Unix seconds [default: now]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand verify" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l format -d 'How to draw it' -r -f -a "ansi\t'Half-block characters for a terminal'
svg\t''
png\t''"
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l out -d 'Write to this file (mode 0600) instead of standard output' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -l invert -d 'Light on dark instead of dark on light'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand qr" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l from -d 'The export\'s format' -r -f -a "otpauth\t'One otpauth:// URI a line'
aegis\t'Aegis\'s plain JSON export'
2fas\t'2FAS\'s .2fas backup (unencrypted)'
google\t'Google Authenticator\'s otpauth-migration:// export'"
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l qr-image -d 'A screenshot of Google Authenticator\'s export QR code (repeatable; with --from google)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l at -d 'The device whose authenticator app made the export, and so holds every imported account (repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand import" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l format -d 'The format to write' -r -f -a "otpauth\t''
aegis\t''"
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l out -d 'Write to this file (mode 0600) instead of standard output' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand export" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -f -a "add" -d 'Store recovery codes read from standard input (they replace any stored before)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -f -a "list" -d 'How many codes are left; --show prints them'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -f -a "use" -d 'Mark a code used; without CODE, print the next unused one and mark it used'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -f -a "remove" -d 'Forget an account\'s recovery codes'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and not __fish_seen_subcommand_from add list use remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l at -d 'Where another copy of the codes is kept, such as paper-drawer (repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l show -d 'Print the codes too (used ones marked)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -l json -d 'Print JSON: {"account","left","total"} (with --show, also "codes")'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from help" -f -a "add" -d 'Store recovery codes read from standard input (they replace any stored before)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from help" -f -a "list" -d 'How many codes are left; --show prints them'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from help" -f -a "use" -d 'Mark a code used; without CODE, print the next unused one and mark it used'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Forget an account\'s recovery codes'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand codes; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -f -a "add" -d 'Register the SSH key a service accepts for recovery (public or private key file)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -f -a "check" -d 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -f -a "remove" -d 'Forget a registered key'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and not __fish_seen_subcommand_from add check remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l at -d 'Where the private key lives [default: this device]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l host -d 'Where `ssh check --live` tries the key, when the account\'s service gives no host' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -l store -d 'Keep the private key file\'s text in the vault, so backups carry it'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l live -d 'Also prove each key on this device is still accepted: log in with it alone, running nothing (BatchMode, IdentitiesOnly, no agent, a bounded time-out)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -l json -d 'Print a JSON list of {"account","path","fingerprint","at","state"}'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register the SSH key a service accepts for recovery (public or private key file)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Forget a registered key'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand ssh; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -f -a "add" -d 'Declare a recovery path and where it lives'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -f -a "remove" -d 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and not __fish_seen_subcommand_from add remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l at -d 'What the path needs: where the key, phone, mailbox or person is' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l note -d 'A note for yourself (the number, the address, who to call)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l at -d 'Only the path at this location' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from help" -f -a "add" -d 'Declare a recovery path and where it lives'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand path; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -f -a "list" -d 'Every location and site the vault names, with how many recovery paths need each'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -f -a "retire" -d 'A device or place is gone for good: forget what was kept there, and say what it cost'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -f -a "rename" -d 'Rename a location or a site everywhere it is named'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -f -a "site" -d 'Put a location in a site, a place one event takes out whole (a fire at home)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and not __fish_seen_subcommand_from list retire rename site help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON list of {"name","site","paths"}'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from retire" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -l none -d 'Take the location out of its site'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from site" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every location and site the vault names, with how many recovery paths need each'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from help" -f -a "retire" -d 'A device or place is gone for good: forget what was kept there, and say what it cost'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a location or a site everywhere it is named'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from help" -f -a "site" -d 'Put a location in a site, a place one event takes out whole (a fire at home)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand location; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l out -d 'The file to write (`-` for standard output)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -s r -l recipient -d 'An age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa) to encrypt to (repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -s R -l recipients-file -d 'A recipients file, one recipient a line (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l at -d 'Where the file will be kept [default: this device]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l key-at -d 'Where the recipients\' private keys live (repeatable) [default: this device]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -l passphrase -d 'Encrypt with a passphrase (scrypt) instead of recipients'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -s a -l armor -d 'Write age\'s ASCII armor'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand backup" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l min-paths -d 'Independent paths an account needs to pass [default: the config\'s, else 2]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l lose -d 'What if these locations were lost together? (comma-separated, repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -l json -d 'Print one JSON object instead of the table'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand audit" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -l json -d 'Print a JSON list of {"name","routes","recovery",...}'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand services" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand completions" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand demo" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l out -d 'The PDF to write (mode 0600)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l paper -d 'The paper size' -r -f -a "a4\t''
letter\t''"
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l at -d 'Where the printed kit will be kept [default: this device]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l key-at -d 'Where the paper key (or the recipients\' keys) will be kept, apart from the kit' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -s r -l recipient -d 'Encrypt to this recipient instead of a paper key made for the kit (repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -s R -l recipients-file -d 'A recipients file instead of a paper key (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -l passphrase -d 'Encrypt with a passphrase instead of a paper key'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand kit" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -f -a "split" -d 'Make a backup key, back the vault up to it, and split the key into one share per holder'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -f -a "combine" -d 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and not __fish_seen_subcommand_from split combine help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l threshold -d 'How many shares rebuild the key (K)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l to -d 'The holders, one share each (comma-separated locations or people, N of them)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l out -d 'The backup file to write' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l at -d 'Where the backup file will be kept [default: this device]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l share-dir -d 'The folder to write the share files to (it must exist)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -l pdf -d 'Also write each share as a printable PDF page'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from split" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l out -d 'Write the rebuilt identity to this file (mode 0600) instead of standard output' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from combine" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "split" -d 'Make a backup key, back the vault up to it, and split the key into one share per holder'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "combine" -d 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand share; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l lose -d 'The locations (or sites) lost together (comma-separated, repeatable)' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l backup -d 'A backup file to open (repeatable) [default: every recorded backup file present here whose place is not lost]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -s i -l backup-identity -d 'An identity or SSH private key that survives the loss (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -l json -d 'Print JSON: {"ok","lost","accounts":[{"name","recovered","by"}]}'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand drill" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -s i -l backup-identity -d 'An age identity file or SSH private key that opens the backup (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l ssh-dir -d 'Also write the stored SSH private keys (0600) and their .pub into this folder, never over a file, and record them there on this device' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l replace -d 'Replace accounts that differ from the backup\'s (default: report and keep them)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l check -d 'Change nothing: exit 0 if the backup holds every account as the vault has it now, 1 if not'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -l passphrase -d 'When no vault exists yet: lock the new one with a passphrase [default: --identity, created if missing]'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand restore" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l timeout -d 'Lock again after this long unused: 90s, 15m, 2h (at most 8h) [default: 15m]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand lock" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l new-passphrase-file -d 'Also change the passphrase, to the first line of this file' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l vault -d 'The vault file [default: <data dir>/mfa-kit/vault.age]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l identity -d 'An age identity file that unlocks the vault (repeatable)' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l passphrase-file -d 'A file whose first line is the vault\'s passphrase' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l backup-passphrase-file -d 'A file whose first line is the passphrase of a backup, when it is not the vault\'s' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l device -d 'The name of the device this vault lives on [default: the config\'s, else the host name]' -r
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l config -d 'The config file [default: <config dir>/mfa-kit/config.toml]' -r -F
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -l new-passphrase -d 'Also change the passphrase (asked twice on the terminal)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -s h -l help -d 'Print help'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand rekey" -s V -l version -d 'Print version'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "init" -d 'Create an empty vault, locked by an identity file or a passphrase'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "add" -d 'Add an account\'s TOTP from a URI, a secret or a QR screenshot'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "list" -d 'List the accounts, one a line'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "remove" -d 'Remove an account and everything kept for it (asks first on a terminal)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "rename" -d 'Rename an account (its backups still count for it)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "code" -d 'Print the current TOTP code of one account, or of all'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "verify" -d 'Check a TOTP code: exit 0 if valid now, 1 if not (a code is accepted once)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "qr" -d 'Show an account\'s enrollment QR code, to move it to a new authenticator'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "import" -d 'Add accounts from another authenticator\'s export'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "export" -d 'Write every account for another authenticator: otpauth URIs or Aegis JSON'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "codes" -d 'Store, list and use an account\'s recovery codes'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "ssh" -d 'Register and check the SSH keys a service accepts for recovery'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "path" -d 'Declare other recovery paths: a security key, SMS, email, an admin, a trusted person'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "location" -d 'Devices and places: list them, retire one gone for good, rename one, group them in sites'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "backup" -d 'Write an age-encrypted copy of the whole vault that stock age opens'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "audit" -d 'Check, account by account, that no single loss locks you out (exit 1 if one fails)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "services" -d 'The recovery routes common services accept, with their recovery command or page'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "completions" -d 'Print a shell completion script'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "demo" -d 'A guided run on a throw-away vault: the locked-out story, from init to a passing audit'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "kit" -d 'A printable recovery kit: the recovery sheet, the vault in QR codes, the paper key'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "share" -d 'Split a backup\'s key among trusted people (any K of N rebuild it), or combine shares'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "drill" -d 'Prove recovery: restore in memory from only what survives a loss, account by account'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "restore" -d 'Merge a backup into the vault (creating the vault on a new machine), or --check it'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "unlock" -d 'Unlock a passphrase vault once: an agent holds its key, and commands need no passphrase'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "lock" -d 'Lock the vault again: the agent holding its key forgets it and exits'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "rekey" -d 'Give a passphrase vault a new key (and, if asked, a new passphrase)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and not __fish_seen_subcommand_from init add list remove rename code verify qr import export codes ssh path location backup audit services completions demo kit share drill restore unlock lock rekey help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from codes" -f -a "add" -d 'Store recovery codes read from standard input (they replace any stored before)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from codes" -f -a "list" -d 'How many codes are left; --show prints them'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from codes" -f -a "use" -d 'Mark a code used; without CODE, print the next unused one and mark it used'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from codes" -f -a "remove" -d 'Forget an account\'s recovery codes'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from ssh" -f -a "add" -d 'Register the SSH key a service accepts for recovery (public or private key file)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from ssh" -f -a "check" -d 'Check every registered key on this device: exit 1 if one is missing or changed; --live proves each is still accepted by its service'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from ssh" -f -a "remove" -d 'Forget a registered key'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from path" -f -a "add" -d 'Declare a recovery path and where it lives'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from path" -f -a "remove" -d 'Forget declared recovery paths of a kind (at one location with --at); `authenticator` also forgets the copies recorded by `add --at` and `import --at`'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from location" -f -a "list" -d 'Every location and site the vault names, with how many recovery paths need each'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from location" -f -a "retire" -d 'A device or place is gone for good: forget what was kept there, and say what it cost'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from location" -f -a "rename" -d 'Rename a location or a site everywhere it is named'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from location" -f -a "site" -d 'Put a location in a site, a place one event takes out whole (a fire at home)'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "split" -d 'Make a backup key, back the vault up to it, and split the key into one share per holder'
complete -c mfa-kit -n "__fish_mfa_kit_using_subcommand help; and __fish_seen_subcommand_from share" -f -a "combine" -d 'Rebuild a backup key from K shares (refuses mixed, too few or damaged shares)'
