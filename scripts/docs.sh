#!/usr/bin/env bash
# Builds the DocC documentation of the six library products (swift-docc-plugin) and fails on any
# warning: an unresolved symbol link, an undocumented parameter, a broken article reference.
# The articles' Swift snippets are compiled by Tests/NetlinkTests/DocCSnippetTests.swift.
#
#   scripts/docs.sh        archives in .build/plugins/Swift-DocC/outputs/<Target>.doccarchive
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for target in NetlinkCore Netlink NetlinkRoute NetlinkGeneric NetlinkSockDiag NetlinkUevent NetlinkAudit NetlinkSELinux NetlinkConnector NetlinkTestSupport; do
    log=$(mktemp)
    if ! swift package generate-documentation --target "$target" >"$log" 2>&1; then
        echo "docs: $target: generate-documentation failed"; cat "$log"; status=1
    fi
    warnings=$(grep -c "warning:" "$log")
    echo "REPORT-FIGURE docs-$target: $warnings warnings"
    if [ "$warnings" -ne 0 ]; then grep -A3 "warning:" "$log"; status=1; fi
    rm -f "$log"
done
exit $status
