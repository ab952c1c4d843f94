#!/usr/bin/env bash
# Installs the reference tools the tests compare nlctl with, when one is missing (Debian packages):
#
#   ip ss tc bridge genl   iproute2
#   ethtool                ethtool
#   conntrack              conntrack
#   nft                    nftables
#   auditctl               auditd
#   python3                python3-minimal (the tcp_metrics tests open TCP connections with it)
#   strace                 strace (the encap tests capture the requests ip and nlctl send)
#   udevadm                udev, NOT installed: its .deb is downloaded and unpacked into
#                          .reference/udev/ (git-ignored) and only `udevadm monitor` is run from
#                          there, so that no udevd is ever started or configured on the host (it would
#                          rename and configure the host's network devices)
#
# Needs root (apt-get). Installing starts no service: while it runs, a policy-rc.d that refuses
# every start is in place (as in Debian's container images), so installing auditd never starts the
# audit daemon nor changes the kernel's audit state. Prints what it found and what it installed.
# Exit status: 0 when every tool is there at the end, 1 otherwise.
set -uo pipefail

declare -A package_of=(
    [ip]=iproute2 [ss]=iproute2 [tc]=iproute2 [bridge]=iproute2 [genl]=iproute2
    [ethtool]=ethtool [conntrack]=conntrack [nft]=nftables [auditctl]=auditd [python3]=python3-minimal [strace]=strace
)
tools=(ip ss tc bridge genl ethtool conntrack nft auditctl python3 strace)
export PATH="$PATH:/usr/sbin:/sbin"

missing_packages=()
for tool in "${tools[@]}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        package=${package_of[$tool]}
        case " ${missing_packages[*]} " in *" $package "*) ;; *) missing_packages+=("$package") ;; esac
    fi
done

if [ ${#missing_packages[@]} -gt 0 ]; then
    echo "reference tools: installing ${missing_packages[*]}"
    policy=/usr/sbin/policy-rc.d
    made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && made_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || apt-get update
    apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null 2>&1 \
        || apt-get install -y --no-install-recommends "${missing_packages[@]}"
    [ "$made_policy" = 0 ] || rm -f "$policy"
fi

# udevadm, unpacked (see above): the tests look for .reference/udev/bin/udevadm.
udevadm_dir="$(cd "$(dirname "$0")/.." && pwd)/.reference/udev"
if [ ! -x "$udevadm_dir/bin/udevadm" ]; then
    download=$(mktemp -d)
    ( cd "$download" && { apt-get download udev >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; apt-get download udev >/dev/null 2>&1; }; } ) \
        && mkdir -p "$udevadm_dir" && dpkg -x "$download"/udev_*.deb "$download/root" \
        && mkdir -p "$udevadm_dir/bin" && cp "$download/root/bin/udevadm" "$udevadm_dir/bin/udevadm"
    rm -rf "$download"
fi

status=0
if [ -x "$udevadm_dir/bin/udevadm" ] && "$udevadm_dir/bin/udevadm" --version >/dev/null 2>&1; then
    echo "reference tool: udevadm ($udevadm_dir/bin/udevadm, unpacked from udev $("$udevadm_dir/bin/udevadm" --version))"
else
    echo "reference tool: udevadm MISSING (unpacked from the udev package into $udevadm_dir)"
    status=1
fi
for tool in "${tools[@]}"; do
    if path=$(command -v "$tool" 2>/dev/null); then
        echo "reference tool: $tool ($path, ${package_of[$tool]} $(dpkg-query -W -f='${Version}' "${package_of[$tool]}" 2>/dev/null))"
    else
        echo "reference tool: $tool MISSING (package ${package_of[$tool]})"
        status=1
    fi
done
exit $status
