#!/usr/bin/env bash
# Runs the store in Development on http://localhost:5000: a SQLite file in
# src/Storefront.Web/App_Data, the demo catalog seeded on first run. Extra arguments go to the app
# (for example --Store:Name="My shop").
set -euo pipefail
cd "$(dirname "$0")/.."
export ASPNETCORE_ENVIRONMENT=Development
exec dotnet run --project src/Storefront.Web --launch-profile http --urls http://localhost:5000 "$@"
