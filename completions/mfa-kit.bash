# bash completion for mfa-kit: mfa-kit itself answers, from the line typed so far.
_clap_complete_mfa_kit() {
    local _CLAP_COMPLETE_SPACE=true
    if compopt +o nospace 2> /dev/null; then
        _CLAP_COMPLETE_SPACE=false
    fi
    COMPREPLY=()
    local candidate
    while IFS= read -r -d '' candidate; do
        COMPREPLY+=("$candidate")
    done < <(
        _MFA_KIT_COMP_LINE="${COMP_LINE:0:COMP_POINT}" \
        _MFA_KIT_COMP_TEXT="$2" \
        COMPLETE="bash" \
        "mfa-kit" -- 2> /dev/null
    )
    if [[ $_CLAP_COMPLETE_SPACE == false && ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _clap_complete_mfa_kit mfa-kit
else
    complete -o nospace -o bashdefault -F _clap_complete_mfa_kit mfa-kit
fi
