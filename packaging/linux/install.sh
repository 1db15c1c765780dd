#!/bin/sh
# Installs Handledarappen for the current user (no root needed).
#
#   ./install.sh                 install or upgrade under ~/.local
#   ./install.sh --prefix DIR    install under DIR instead of ~/.local
#   ./install.sh --uninstall     remove the program (your data stays)
#
# Program files: PREFIX/lib/handledarappen/ (replaced as a whole on upgrade),
# PREFIX/bin/handledare-app (link), the menu entry and the icons. Your data
# (~/.local/share/Handledarappen) is never touched by install, upgrade or uninstall.
set -eu

PREFIX="${HOME}/.local"
ACTION=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "--prefix behöver en mapp." >&2; exit 2; }
                  PREFIX="$2"; shift 2 ;;
        --uninstall|--avinstallera) ACTION=uninstall; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "Okänt argument: $1 (se --help)" >&2; exit 2 ;;
    esac
done

HERE="$(cd "$(dirname "$0")" && pwd)"
APPDIR="$PREFIX/lib/handledarappen"
BIN="$PREFIX/bin/handledare-app"
DESKTOP="$PREFIX/share/applications/handledarappen.desktop"
ICON_PNG="$PREFIX/share/icons/hicolor/256x256/apps/handledarappen.png"
ICON_SVG="$PREFIX/share/icons/hicolor/scalable/apps/handledarappen.svg"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$PREFIX/share/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
    if [ -d "$APPDIR" ] && [ ! -x "$APPDIR/handledare-app" ]; then
        echo "$APPDIR ser inte ut som Handledarappen; inget togs bort." >&2
        exit 1
    fi
    rm -rf "$APPDIR"
    [ -L "$BIN" ] && rm -f "$BIN"
    rm -f "$DESKTOP" "$ICON_PNG" "$ICON_SVG"
    refresh_menus
    echo "Handledarappen är avinstallerad. Dina data finns kvar (standard: ~/.local/share/Handledarappen)."
    exit 0
fi

if [ ! -x "$HERE/handledarappen/handledare-app" ]; then
    echo "Hittar inte programmet bredvid install.sh ($HERE/handledarappen)." >&2
    exit 1
fi
if [ -d "$APPDIR" ] && [ ! -x "$APPDIR/handledare-app" ]; then
    echo "$APPDIR finns redan men är inte Handledarappen; avbryter." >&2
    exit 1
fi

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$(dirname "$DESKTOP")" \
    "$(dirname "$ICON_PNG")" "$(dirname "$ICON_SVG")"
# Copy first, then swap: an interrupted upgrade leaves the old version working.
rm -rf "$APPDIR.ny"
cp -R "$HERE/handledarappen" "$APPDIR.ny"
rm -rf "$APPDIR"
mv "$APPDIR.ny" "$APPDIR"
ln -sfn "$APPDIR/handledare-app" "$BIN"
cp "$HERE/handledarappen.png" "$ICON_PNG"
cp "$HERE/handledarappen.svg" "$ICON_SVG"
# The menu entry gets the full path: ~/.local/bin is not always on a desktop's PATH.
sed "s|^Exec=.*|Exec=\"$APPDIR/handledare-app\"|" "$HERE/handledarappen.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP"
refresh_menus

echo "Handledarappen är installerad i $APPDIR."
echo "Starta den från programmenyn eller med: $BIN"
case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "Obs: $PREFIX/bin finns inte i din PATH; använd hela sökvägen ovan." ;;
esac
