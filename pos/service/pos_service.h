#pragma once
// The terminal's use cases over one data directory: the store, the in-memory
// catalog and its search index. Shared by the touch UI and the `ocop` CLI so
// both sell, search and report exactly the same way. No Qt here.
#include "core/catalog.h"
#include "core/receipt.h"
#include "core/scan_code.h"
#include "core/search_index.h"
#include "core/traceability.h"
#include "store/store.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

// What a scan means at this shop: the classified code and, when it names one
// of our products, that product and the lot its code carried.
// Why a scan named no product, so each front end words it in its language.
enum class ScanProblem {
    None,
    BankTransferCode, // a VietQR payment code
    PaymentCode,      // another EMVCo payment scheme
    UnknownBarcode,   // a valid GTIN we do not sell (argument: the GTIN)
    ForeignTraceCode, // a traceability portal's code for a product not in our catalog
    ForeignLink,      // any other link
    Malformed,        // a damaged GS1 code or check digit (argument: the reason)
    UnknownCode,      // nothing matched (argument: the text)
};

struct ScanResolution {
    scan::ScanCode code;
    const Product* product = nullptr;
    std::optional<LotDates> lot;
    bool traceability = false; // a traceability QR or link: show where it comes from
    ScanProblem problemKind = ScanProblem::None;
    std::string problemArg;
    std::string problem; // when no product: one line in English (CLI, logs)
};

struct DemoOptions {
    std::size_t products = 1054;
    std::uint64_t seed = 2021;
};

class PosService {
public:
    // Opens DATA/terminal.db (created with OpenMode::CreateIfMissing) and
    // loads the catalog into memory.
    static std::unique_ptr<PosService> open(const std::filesystem::path& dataDir, Store::OpenMode mode);
    // Creates a fresh terminal database seeded with the deterministic demo
    // catalog, users and opening stock. Refuses to touch an existing one.
    static std::unique_ptr<PosService> initDemo(const std::filesystem::path& dataDir, const DemoOptions& options);
    ~PosService();

    static std::filesystem::path defaultDataDir();
    static std::filesystem::path databasePath(const std::filesystem::path& dataDir);

    Store& store() { return *m_store; }
    const Store& store() const { return *m_store; }
    const std::filesystem::path& dataDir() const { return m_dataDir; }

    // --- catalog in memory
    const std::vector<Product>& products() const { return m_products; }
    std::size_t productCount() const { return m_products.size(); }
    const Product* productByCode(std::string_view code) const;
    // What a scanner or a typed code means: product code, GTIN (8/12/13/14,
    // zero-padded forms alike). nullptr when it names no product.
    const Product* resolveCode(std::string_view scannedOrTyped) const;
    // Like resolveCode but throws UserError with a cashier-readable reason:
    // unknown code, a GTIN with a bad check digit, a product not on sale.
    const Product& requireSellable(std::string_view scannedOrTyped) const;
    // Accent-insensitive search, best first; `group` 0 means all groups.
    std::vector<const Product*> search(std::string_view query, std::size_t limit = 50, int group = 0) const;
    // Products of one group (0 = all) in display order, for the grid.
    std::vector<const Product*> browse(int group, std::size_t limit = 500) const;
    // Classifies a scanned text (issue 4's order: payment, GS1, Digital Link,
    // GTIN, trace URL, else a product code) and finds our product. `today`
    // is the local date YYYY-MM-DD (GS1 century rule). Never throws.
    ScanResolution resolveScan(std::string_view text, std::string_view symbologyId, std::string_view today) const;
    // Everything the traceability panel shows, from the local catalog.
    TraceInfo traceFor(const Product& product, const std::optional<LotDates>& lot, std::string_view today) const;
    // Reloads the catalog after it changed in the store (catalog sync).
    void reloadCatalog();

    // --- receipts
    ShopHeader shopHeader() const;
    std::optional<Receipt> receiptFor(const std::string& receiptNo, bool reprint) const;

    // The receipt of a sale as printed: with receipt_vietqr = 1 and a bank
    // transfer among its payments, that transfer's VietQR under the totals.
    Receipt saleReceipt(const Sale& sale) const;

private:
    PosService(std::filesystem::path dataDir, std::unique_ptr<Store> store);

    std::filesystem::path m_dataDir;
    std::unique_ptr<Store> m_store;
    std::vector<Product> m_products; // ordered by code
    ProductSearchIndex m_index;      // entries in m_products order
    std::map<std::string, std::size_t, std::less<>> m_byTraceKey; // normalizeTraceUrl -> m_products index
};

} // namespace ocop
