#include "service/pos_service.h"

#include "core/demo_catalog.h"
#include "core/emvco.h"
#include "core/errors.h"
#include "core/gtin.h"
#include "core/timeutil.h"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace ocop {

namespace fs = std::filesystem;

PosService::PosService(fs::path dataDir, std::unique_ptr<Store> store)
    : m_dataDir(std::move(dataDir)), m_store(std::move(store))
{
    reloadCatalog();
    m_store->refreshStock(); // ready to sell: the first sale does not read the whole ledger
}

PosService::~PosService() = default;

fs::path PosService::defaultDataDir()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "ocop-pos";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "ocop-pos";
    return fs::current_path() / "ocop-pos-data";
}

fs::path PosService::databasePath(const fs::path& dataDir) { return dataDir / "terminal.db"; }

std::unique_ptr<PosService> PosService::open(const fs::path& dataDir, Store::OpenMode mode)
{
    auto store = Store::open(databasePath(dataDir).string(), mode);
    return std::unique_ptr<PosService>(new PosService(dataDir, std::move(store)));
}

std::unique_ptr<PosService> PosService::initDemo(const fs::path& dataDir, const DemoOptions& options)
{
    if (options.products == 0 || options.products > 1'000'000)
        throw UserError("--products must be between 1 and 1000000");
    const auto dbPath = databasePath(dataDir);
    std::error_code ec;
    if (fs::exists(dbPath, ec))
        throw UserError("a terminal database already exists at " + dbPath.string() + "; refusing to overwrite it");
    fs::create_directories(dataDir, ec);
    if (ec)
        throw UserError("cannot create data directory " + dataDir.string() + ": " + ec.message());

    const auto started = std::chrono::steady_clock::now();
    const DemoCatalog demo = makeDemoCatalog(options.products, options.seed);
    // Built under a temporary name and renamed into place only when complete,
    // so an init killed halfway never leaves a database that looks ready.
    const fs::path partial = dbPath.string() + ".partial";
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(partial.string() + suffix, ec);
    {
        auto store = Store::open(partial.string(), Store::OpenMode::CreateIfMissing);
        TerminalSettings settings;
        const SalesPoint& home = demo.points.front();
        settings.pointCode = home.code;
        settings.terminalCode = "T1";
        settings.shopName = home.name;
        settings.shopAddress = home.address;
        settings.shopPhone = "024 3825 0000";
        settings.taxCode = "0100100001";
        store->saveSettings(settings);
        // The showroom's account for VietQR transfers, as the centre publishes it.
        store->setSetting("bank_bin", home.bankBin);
        store->setSetting("bank_account", home.bankAccount);
        store->setSetting("bank_account_name", home.bankAccountName);
        store->upsertCatalog(demo.points, demo.producers, demo.products);
        for (const auto& u : demo.users)
            store->addUser(u.id, u.name, u.role == "manager" ? Role::Manager : Role::Cashier, u.pin);
        store->recordOpeningStock(demo.products, demo.openingStock, nowMs());
        store->checkpoint();
    } // closing the last connection folds the WAL back into the file
    // link() refuses to replace: of two inits racing, the second fails
    // instead of swapping the first one's database away under it.
    if (::link(partial.c_str(), dbPath.c_str()) != 0) {
        const int err = errno;
        fs::remove(partial, ec);
        if (err == EEXIST)
            throw UserError("a terminal database already exists at " + dbPath.string() + "; refusing to overwrite it");
        throw StorageError("cannot move the new database into place: " + std::string(std::strerror(err)));
    }
    fs::remove(partial, ec);
    // Make the new name itself durable, not only the file's contents.
    if (const int dirFd = ::open(dataDir.c_str(), O_RDONLY | O_DIRECTORY); dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    auto service = open(dataDir, Store::OpenMode::OpenExisting);
    spdlog::info("demo terminal initialised in {} with {} products ({} ms)", dataDir.string(), demo.products.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    return service;
}

void PosService::reloadCatalog()
{
    m_products = m_store->allProducts();
    std::vector<SearchEntry> entries;
    entries.reserve(m_products.size());
    for (const auto& p : m_products)
        entries.push_back({p.code, p.gtin, p.nameVi, p.nameEn, p.stars, p.active});
    m_index.build(std::move(entries));
    m_byTraceKey.clear();
    for (std::size_t i = 0; i < m_products.size(); ++i)
        if (!m_products[i].traceUrl.empty())
            if (auto key = scan::normalizeTraceUrl(m_products[i].traceUrl); !key.empty())
                m_byTraceKey.emplace(std::move(key), i);
}

namespace {

std::chrono::sys_days parseDay(std::string_view iso)
{
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(std::string(iso).c_str(), "%d-%u-%u", &y, &m, &d) == 3) {
        const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
        if (ymd.ok())
            return std::chrono::sys_days(ymd);
    }
    return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

// A code that had the shape of a payment, GS1 or GTIN code but broke its
// rules, as opposed to text that is no kind of code at all.
bool looksDamaged(const scan::ScanCode& c)
{
    return !c.reason.empty() && c.reason.find("not a payment code, GS1 code") == std::string::npos &&
           c.reason.rfind("a number of", 0) != 0 && c.reason != "empty scan";
}

} // namespace

ScanResolution PosService::resolveScan(std::string_view text, std::string_view symbologyId, std::string_view today) const
{
    ScanResolution r;
    r.code = scan::classifyScan(text, symbologyId, parseDay(today));
    const auto& c = r.code;
    switch (c.kind) {
    case scan::CodeKind::Payment:
        if (c.payment && c.payment->vietQr) {
            r.problemKind = ScanProblem::BankTransferCode;
            r.problem = "this is a VietQR bank-transfer code, not a product";
        } else {
            r.problemKind = ScanProblem::PaymentCode;
            r.problem = "this is a payment code, not a product";
        }
        return r;
    case scan::CodeKind::Gs1:
    case scan::CodeKind::Gtin:
        r.product = resolveCode(c.gtin14);
        if (!r.product) {
            r.problemKind = ScanProblem::UnknownBarcode;
            r.problemArg = c.gtin14;
            r.problem = "no product with barcode " + c.gtin14;
            return r;
        }
        if (c.gs1) {
            const auto& g = *c.gs1;
            if (!g.lot.empty() || g.expiry || g.bestBefore || g.production) {
                LotDates lot;
                lot.lot = g.lot;
                if (g.production)
                    lot.production = g.production->iso();
                if (g.bestBefore)
                    lot.bestBefore = g.bestBefore->iso();
                if (g.expiry) {
                    lot.expiry = g.expiry->iso();
                    lot.expiryMonthOnly = g.expiry->dayUnspecified;
                }
                r.lot = std::move(lot);
            }
        }
        r.traceability = c.source == "digital_link";
        return r;
    case scan::CodeKind::TraceUrl: {
        auto it = m_byTraceKey.find(c.traceUrl);
        if (it != m_byTraceKey.end()) {
            r.product = &m_products[it->second];
            r.traceability = true;
            return r;
        }
        r.problemKind = c.knownPortal ? ScanProblem::ForeignTraceCode : ScanProblem::ForeignLink;
        r.problemArg = c.text;
        r.problem = c.knownPortal ? "this traceability code is not for a product of this shop's catalog"
                                  : "this link is not a product of this shop's catalog";
        return r;
    }
    case scan::CodeKind::Unknown:
        break;
    }
    // Our own product codes (typed, or printed as Code 128 on shelf labels)
    // are not a GS1 form; anything else stays unknown.
    std::string code(c.text.empty() ? text : std::string_view(c.text));
    while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back())))
        code.pop_back();
    if (auto idx = code.empty() ? std::nullopt : m_index.findByCode(code))
        r.product = &m_products[*idx];
    else if (!looksDamaged(c)) {
        r.problemKind = ScanProblem::UnknownCode;
        r.problemArg = code;
        r.problem = "no product with code or barcode " + code;
    } else {
        r.problemKind = ScanProblem::Malformed;
        r.problemArg = c.reason;
        r.problem = c.reason;
    }
    return r;
}

TraceInfo PosService::traceFor(const Product& product, const std::optional<LotDates>& lot, std::string_view today) const
{
    return traceInfo(product, m_store->producer(product.producerId), lot, today);
}

const Product* PosService::productByCode(std::string_view code) const
{
    auto it = std::lower_bound(m_products.begin(), m_products.end(), code,
                               [](const Product& p, std::string_view c) { return p.code < c; });
    if (it != m_products.end() && it->code == code)
        return &*it;
    return nullptr;
}

const Product* PosService::resolveCode(std::string_view text) const
{
    if (text.empty())
        return nullptr;
    if (auto idx = m_index.findByCode(text))
        return &m_products[*idx];
    return nullptr;
}

const Product& PosService::requireSellable(std::string_view text) const
{
    std::string code(text);
    while (!code.empty() && (code.back() == ' ' || code.back() == '\r' || code.back() == '\n' || code.back() == '\t'))
        code.pop_back();
    while (!code.empty() && code.front() == ' ')
        code.erase(code.begin());
    if (code.empty())
        throw UserError("no product code given");
    const Product* p = resolveCode(code);
    if (!p) {
        if (isAllDigits(code) && (code.size() == 8 || code.size() == 12 || code.size() == 13 || code.size() == 14) &&
            !isValidGtin(code))
            throw UserError("barcode " + code + " has a wrong check digit; scan it again or type the product code");
        throw UserError("no product with code or barcode " + code);
    }
    if (!p->active)
        throw UserError(p->nameVi + " is no longer on sale");
    return *p;
}

std::vector<const Product*> PosService::search(std::string_view query, std::size_t limit, int group) const
{
    std::vector<const Product*> out;
    // Ask the index for more than needed when a group filter will drop some.
    const auto hits = m_index.search(query, group == 0 ? limit : std::max<std::size_t>(limit * 8, 400));
    for (auto i : hits) {
        const Product& p = m_products[i];
        if (group != 0 && static_cast<int>(p.group) != group)
            continue;
        out.push_back(&p);
        if (out.size() >= limit)
            break;
    }
    return out;
}

std::vector<const Product*> PosService::browse(int group, std::size_t limit) const
{
    std::vector<const Product*> out;
    for (const auto& p : m_products) {
        if (!p.active || (group != 0 && static_cast<int>(p.group) != group))
            continue;
        out.push_back(&p);
    }
    // Best rated first, then by name, so the grid opens on the showcase items.
    std::stable_sort(out.begin(), out.end(), [](const Product* a, const Product* b) {
        if (a->stars != b->stars)
            return a->stars > b->stars;
        return a->nameVi < b->nameVi;
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

ShopHeader PosService::shopHeader() const
{
    const auto s = m_store->settings();
    ShopHeader h;
    h.shopName = s.shopName;
    h.address = s.shopAddress;
    h.phone = s.shopPhone;
    h.taxCode = s.taxCode;
    return h;
}

// With the setting receipt_vietqr = 1, a sale paid (partly) by bank transfer
// prints that transfer's VietQR (amount, receipt number as purpose) so the
// customer and the shop can match the bank statement line to the receipt.
Receipt PosService::saleReceipt(const Sale& sale) const
{
    Receipt r = receiptForSale(sale, shopHeader());
    if (m_store->setting("receipt_vietqr").value_or("0") != "1")
        return r;
    Money transferred = 0;
    for (const auto& p : sale.payments)
        if (p.method == PaymentMethod::BankTransfer)
            transferred += p.amount;
    const auto bin = m_store->setting("bank_bin"), account = m_store->setting("bank_account");
    if (transferred <= 0 || !bin || !account)
        return r;
    scan::VietQrRequest req;
    req.bankBin = *bin;
    req.account = *account;
    req.amount = transferred;
    req.purpose = sale.receiptNo;
    try {
        r.qrPayload = scan::buildVietQr(req);
    } catch (const UserError& e) {
        spdlog::warn("receipt {}: no VietQR on the receipt: {}", sale.receiptNo, e.what());
        return r;
    }
    r.qrCaption = "Chuyển khoản " + formatVnd(transferred) + " · " + scan::vietQrPurpose(sale.receiptNo);
    return r;
}

std::optional<Receipt> PosService::receiptFor(const std::string& receiptNo, bool reprint) const
{
    std::optional<Receipt> r;
    if (auto sale = m_store->saleByReceipt(receiptNo))
        r = saleReceipt(*sale);
    else if (auto ret = m_store->returnByReceipt(receiptNo))
        r = receiptForReturn(*ret, shopHeader());
    if (r)
        r->reprint = reprint;
    return r;
}

} // namespace ocop
