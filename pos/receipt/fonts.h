#pragma once
// The one font family used for receipts and the touch UI: Noto Sans, which
// covers every Vietnamese letter and tone mark (ă â đ ê ô ơ ư with all five
// tones, precomposed and combining), so no screen or receipt ever shows the
// missing-glyph box.
#include <QString>

namespace ocop {

// Registers Noto Sans Regular and Bold with QFontDatabase (once per process;
// later calls return the cached family) and returns the family name to use.
// Looks in $OCOP_FONT_DIR, the Debian fonts-noto-core location
// (/usr/share/fonts/truetype/noto), other common font directories and
// QStandardPaths::FontsLocation; if none has the files, falls back to a
// Vietnamese-capable family fontconfig already knows (Noto Sans, DejaVu Sans,
// ...) with a logged warning, and finally to the default family.
// Needs a QGuiApplication; without one it warns and returns "Noto Sans"
// without caching, so a later call after the application exists still works.
QString ensureVietnameseFont();

} // namespace ocop
