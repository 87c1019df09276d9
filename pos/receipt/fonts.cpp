#include "receipt/fonts.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QMutex>
#include <QStandardPaths>
#include <QStringList>

namespace ocop {

namespace {

Q_LOGGING_CATEGORY(lcFonts, "ocop.fonts", QtInfoMsg)

const char* const kRegularFile = "NotoSans-Regular.ttf";
const char* const kBoldFile = "NotoSans-Bold.ttf";

QStringList candidateDirectories()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("OCOP_FONT_DIR");
    if (!env.isEmpty())
        dirs << env;
    // Debian/Ubuntu fonts-noto-core, then other distributions' layouts.
    dirs << QStringLiteral("/usr/share/fonts/truetype/noto") << QStringLiteral("/usr/share/fonts/noto")
         << QStringLiteral("/usr/share/fonts/opentype/noto") << QStringLiteral("/usr/share/fonts/google-noto")
         << QStringLiteral("/usr/share/fonts/google-noto-vf") << QStringLiteral("/usr/share/fonts/truetype")
         << QStringLiteral("/usr/local/share/fonts") << QStringLiteral("/usr/local/share/fonts/noto");
    const QStringList standard = QStandardPaths::standardLocations(QStandardPaths::FontsLocation);
    for (const QString& d : standard)
        dirs << d << d + QStringLiteral("/noto") << d + QStringLiteral("/truetype/noto");
    const QStringList data = QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation);
    for (const QString& d : data)
        dirs << d + QStringLiteral("/fonts/truetype/noto") << d + QStringLiteral("/fonts/noto");
    dirs.removeDuplicates();
    return dirs;
}

// Registers one file; returns its first family name or an empty string.
QString registerFile(const QString& path)
{
    const int id = QFontDatabase::addApplicationFont(path);
    if (id < 0) {
        qCWarning(lcFonts) << "could not load font file" << path;
        return {};
    }
    const QStringList families = QFontDatabase::applicationFontFamilies(id);
    return families.isEmpty() ? QString() : families.first();
}

QString findAndRegister()
{
    for (const QString& dir : candidateDirectories()) {
        const QString regular = QDir(dir).filePath(QString::fromLatin1(kRegularFile));
        if (!QFileInfo::exists(regular))
            continue;
        const QString family = registerFile(regular);
        if (family.isEmpty())
            continue;
        const QString bold = QDir(dir).filePath(QString::fromLatin1(kBoldFile));
        if (QFileInfo::exists(bold))
            registerFile(bold);
        else
            qCWarning(lcFonts) << "no" << kBoldFile << "next to" << regular << "- bold text will be synthesised";
        qCDebug(lcFonts) << "using" << family << "from" << dir;
        return family;
    }

    // Not at any known path: take a Vietnamese-capable family that the
    // platform font database (fontconfig on Linux) already knows.
    const QStringList preferred{QStringLiteral("Noto Sans"), QStringLiteral("DejaVu Sans"),
                                QStringLiteral("Liberation Sans"), QStringLiteral("Roboto"),
                                QStringLiteral("Arial")};
    const QStringList vietnamese = QFontDatabase::families(QFontDatabase::Vietnamese);
    for (const QString& family : preferred) {
        if (vietnamese.contains(family, Qt::CaseInsensitive)) {
            qCWarning(lcFonts) << kRegularFile << "not found in" << candidateDirectories()
                               << "- falling back to" << family << "(install fonts-noto-core)";
            return family;
        }
    }
    if (!vietnamese.isEmpty()) {
        qCWarning(lcFonts) << "Noto Sans not found - falling back to" << vietnamese.first()
                           << "(install fonts-noto-core)";
        return vietnamese.first();
    }
    const QString fallback = QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
    qCWarning(lcFonts) << "no font with Vietnamese coverage found; using" << fallback
                       << "- Vietnamese text may show missing glyphs (install fonts-noto-core)";
    return fallback;
}

} // namespace

QString ensureVietnameseFont()
{
    static QMutex mutex;
    static QString cached;
    QMutexLocker lock(&mutex);
    if (!cached.isEmpty())
        return cached;
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr) {
        qCWarning(lcFonts) << "ensureVietnameseFont() called before QGuiApplication exists";
        return QStringLiteral("Noto Sans");
    }
    cached = findAndRegister();
    return cached;
}

} // namespace ocop
