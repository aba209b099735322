complete --keep-order --exclusive --command mfa-kit --arguments "(COMPLETE=fish mfa-kit -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
