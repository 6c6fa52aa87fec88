# bash completion for prognosis(1)
_prognosis()
{
    local cur prev cmd i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="check lint fmt convert diff history mail merge"

    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi

    case $prev in
        --from)
            [[ $cmd == mail ]] && return
            COMPREPLY=($(compgen -W "text json yaml" -- "$cur")); return ;;
        --to) COMPREPLY=($(compgen -W "text json yaml" -- "$cur")); return ;;
        --format)
            case $cmd in
                lint) COMPREPLY=($(compgen -W "text json sarif github" -- "$cur")) ;;
                diff) COMPREPLY=($(compgen -W "text json markdown" -- "$cur")) ;;
                history) COMPREPLY=($(compgen -W "text csv json" -- "$cur")) ;;
            esac
            return ;;
        --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
        --explain)
            COMPREPLY=($(compgen -W "unknown-state missing-state missing-owner
                orphan-owner orphan-note malformed-heading malformed-item
                done-outside-completed undone-in-completed duplicate-item
                empty-section timeline-order date-without-year stale-item
                state-regressed item-dropped overdue-item long-line
                trailing-space tab invalid-utf8 wrapped-line" -- "$cur"))
            return ;;
        --split) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --today|--subject|--previous-rev|--stdin-filename|--rule|--to|--cc|--date|--message-id|--by|-j|--jobs) return ;;
        -o|--config|--previous|--history|--svg|--output)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac

    if [[ $cur == -* ]]; then
        local opts="--help"
        case $cmd in
            check) opts+=" --from --quiet" ;;
            lint) opts+=" --format --output --fail-on --stdin-filename --config
                --no-config --print-config --rule --explain --fix --previous
                --previous-rev --history --today -j --jobs" ;;
            fmt) opts+=" --check --diff -w --write --config --no-config" ;;
            convert) opts+=" --from --to -o --no-layout --lines --split --subject -j --jobs" ;;
            diff) opts+=" --format" ;;
            history) opts+=" --format --svg --subject" ;;
            mail) opts+=" --from --to --cc --date --message-id -o" ;;
            merge) opts+=" -w --write -o --by" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _prognosis prognosis
