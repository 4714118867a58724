#!/usr/bin/env bash
# Writes the per-workload secret files that kustomization.yaml's secretGenerator reads.
#
#   infra/deploy/k8s/generate-secrets.sh [--input FILE] [--out DIR] [--force]
#
# Reads the inputs listed in secrets.example.env from FILE (default: secrets.env next to this
# script, when present) and the environment (the environment wins); DATABASE_URL is required,
# everything else left empty gets a random value. Writes DIR/<workload>.env (default: secrets/
# next to this script, git-ignored), readable by the owner only. Refuses to replace existing files
# without --force: a new CLAIMER_ENCRYPTION_KEY makes the stored API keys unreadable, and a new
# JWT_SECRET ends every session.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
input=$HERE/secrets.env
out=$HERE/secrets
force=0
while [ $# -gt 0 ]; do
    case $1 in
        --input) input=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --force) force=1; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "generate-secrets: unknown argument $1" >&2; exit 2 ;;
    esac
done

keys=(DATABASE_URL JWT_SECRET TELEGRAM_BOT_TOKEN CLAIMER_ENCRYPTION_KEY
      LOYALTY_DB_PASSWORD CODE_INVENTORY_DB_PASSWORD CLAIMER_DB_PASSWORD MARKETS_DB_PASSWORD SCHEDULER_DB_PASSWORD)
declare -A value
if [ -f "$input" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in ''|'#'*) continue ;; esac
        value[${line%%=*}]=${line#*=}
    done < "$input"
fi
for key in "${keys[@]}"; do
    if [ -n "${!key:-}" ]; then value[$key]=${!key}; fi
done

random_hex() { head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n'; }
claimer_key() {   # what `claimer generate-key` prints: k<first 4 bytes of sha256, hex>:<base64>
    local file
    file=$(mktemp)
    head -c 32 /dev/urandom > "$file"
    printf 'k%s:%s' "$(sha256sum "$file" | cut -c1-8)" "$(base64 -w0 < "$file")"
    rm -f "$file"
}

admin=${value[DATABASE_URL]:-}
[ -n "$admin" ] || { echo "generate-secrets: DATABASE_URL (the admin connection) is required" >&2; exit 1; }
# scheme://[user[:password]@]host[:port][/database][?query]
if [[ ! $admin =~ ^(postgres(ql)?://)([^@/]*@)?([^/?]+)(/[^?]*)?(\?.*)?$ ]]; then
    echo "generate-secrets: DATABASE_URL is not a postgresql:// URL" >&2; exit 1
fi
scheme=${BASH_REMATCH[1]} hostport=${BASH_REMATCH[4]} database=${BASH_REMATCH[5]} query=${BASH_REMATCH[6]}

[ -n "${value[JWT_SECRET]:-}" ] || value[JWT_SECRET]=$(random_hex 32)
[ -n "${value[CLAIMER_ENCRYPTION_KEY]:-}" ] || value[CLAIMER_ENCRYPTION_KEY]=$(claimer_key)

files=(migrate gateway loyalty code-inventory claimer markets scheduler)
if [ $force = 0 ]; then
    for f in "${files[@]}"; do
        if [ -e "$out/$f.env" ]; then echo "generate-secrets: $out/$f.env exists (--force replaces it)" >&2; exit 1; fi
    done
fi
umask 077
mkdir -p "$out"

migrate="DATABASE_URL=$admin"$'\n'
for service in loyalty code-inventory claimer markets scheduler; do
    prefix=$(echo "$service" | tr 'a-z-' 'A-Z_')
    schema=${service//-/_}
    password=${value[${prefix}_DB_PASSWORD]:-}
    [ -n "$password" ] || password=$(random_hex 24)
    migrate+="${prefix}_DB_PASSWORD=$password"$'\n'
    # Random passwords are hex; a given one is used as is, so it must be URL-safe.
    printf '%s_DATABASE_URL=%ssvc_%s:%s@%s%s%s\n' "$prefix" "$scheme" "$schema" "$password" "$hostport" "$database" "$query" > "$out/$service.env"
done
printf '%s' "$migrate" > "$out/migrate.env"
printf 'JWT_SECRET=%s\nTELEGRAM_BOT_TOKEN=%s\n' "${value[JWT_SECRET]}" "${value[TELEGRAM_BOT_TOKEN]:-}" > "$out/gateway.env"
printf 'CLAIMER_ENCRYPTION_KEY=%s\n' "${value[CLAIMER_ENCRYPTION_KEY]}" >> "$out/claimer.env"
printf 'JWT_SECRET=%s\n' "${value[JWT_SECRET]}" >> "$out/markets.env"
echo "generate-secrets: wrote ${files[*]/%/.env} in $out"
