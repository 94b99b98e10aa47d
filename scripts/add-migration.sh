#!/usr/bin/env bash
# Adds a migration with the same name to each provider's migrations project.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  project=src/Storefront.Migrations.$provider
  dotnet ef migrations add "$name" -p "$project" -s "$project" -o Migrations
done
