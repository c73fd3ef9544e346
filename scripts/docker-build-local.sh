#!/usr/bin/env bash
# Build the newsbot image with podman where Docker Hub cannot be reached.
#
# Why this exists: the Dockerfile starts FROM python:3.11-slim, which comes from Docker Hub. On a
# machine that reaches only Debian mirrors and PyPI (this project's development machine), that
# pull fails. This script makes an equivalent base from Debian bookworm packages instead (its
# python3 is 3.11, with venv; python-is-python3 gives `python`), imports it into podman as
# localhost/debian-python:3.11-bookworm, and builds the unchanged Dockerfile on it with
# --build-arg BASE_IMAGE. Where Docker Hub is reachable, use `docker build .` and not this.
#
# Usage (as root, from anywhere): scripts/docker-build-local.sh [extra podman build args...]
#   e.g. scripts/docker-build-local.sh --build-arg EXTRAS=openai
# Needs: apt-get install podman buildah debootstrap runc
# Then run containers with the same engine settings:
#   CONTAINERS_CONF=/var/tmp/newsbot-docker/containers.conf podman run --rm -it newsbot
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${NEWSBOT_DOCKER_WORK:-/var/tmp/newsbot-docker}
base=${BASE_IMAGE:-localhost/debian-python:3.11-bookworm}
tag=${IMAGE:-newsbot}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$work"

# Engine settings for sandboxes without CAP_SYS_RESOURCE and with hybrid cgroups (v1 + v2):
# crun 1.8 refuses hybrid cgroups, so runc; podman's default rlimits (nofile 1048576) exceed what
# such a process may grant, so the container gets this shell's own limits (nproc is capped at
# 32768, the most the test sandbox accepted).
nproc=$(ulimit -Hu)
if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$work/containers.conf"

if ! podman image exists "$base"; then
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase --include=python3,python3-venv,python-is-python3,ca-certificates \
        bookworm "$work/rootfs" "$mirror"
    # What Debian's slim images also leave out: downloaded packages, package lists, documentation,
    # translated messages.
    rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/cache/apt/*.bin \
        "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/usr/share/doc/* \
        "$work"/rootfs/usr/share/man/* "$work"/rootfs/usr/share/info/*
    find "$work/rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
    tar -C "$work/rootfs" -c . | podman import --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["python3"]' - "$base"
    rm -rf "$work/rootfs"
fi

# pip in the build reaches PyPI through this host's network and trusts what this host trusts (a
# TLS-inspecting proxy's CA, say): Debian's pip reads the system CA bundle, and the host's is
# mounted over the image's own for the RUN steps only, so nothing of it enters the image.
ca=/etc/ssl/certs/ca-certificates.crt
if [ -f "$ca" ]; then set -- --volume "$ca:$ca:ro" "$@"; fi

cd "$repo"
podman build --format docker --network host --build-arg BASE_IMAGE="$base" -t "$tag" "$@" .
