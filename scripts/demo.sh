#!/usr/bin/env bash
# The README's main job: set up, build, then plan and apply schemas/shop.schema on a demo
# SQLite database that holds an older shape of the shop with rows; show status; roll back.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
stepwise=./${STEPWISE_BUILD_DIR:-build}/cli/stepwise
db=demo/shop.db
url=sqlite://$db

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf demo && mkdir -p demo
say "Creating $db with an older shape of the shop (scripts/demo/shop_v1.schema) and some rows"
$stepwise apply --url "$url" --schema scripts/demo/shop_v1.schema --contract --yes --quiet
sqlite3 "$db" < scripts/demo/shop_v1_rows.sql
$stepwise inspect --url "$url"

say "stepwise plan: what it takes to reach schemas/shop.schema"
$stepwise plan --url "$url" --schema schemas/shop.schema

say "stepwise apply: expand, backfill and validate; contract waits for the application"
$stepwise apply --url "$url" --schema schemas/shop.schema --yes \
    --allow-hazard TableRewrite --allow-hazard LongRunning

say "stepwise status"
$stepwise status --url "$url"

say "stepwise apply --contract: the old shape goes (soft drops, reversible)"
$stepwise apply --url "$url" --schema schemas/shop.schema --contract --yes \
    --allow-hazard TableRewrite --allow-hazard LongRunning --allow-hazard AppIncompatible \
    --allow-hazard DataLoss
sqlite3 -header -column "$db" 'SELECT id, email, full_name, nickname FROM customers;
SELECT id, customer_id, status, total_cents FROM orders;'

say "A second plan is empty"
$stepwise plan --url "$url" --schema schemas/shop.schema --detailed-exitcode

say "stepwise rollback: walk the down path"
$stepwise rollback --url "$url" --yes
$stepwise status --url "$url"
sqlite3 -header -column "$db" 'SELECT * FROM customers; SELECT * FROM orders;'
say "Done: $db is back to its starting shape with every row"
