#pragma once
// The terminal's use cases over one data directory: the store, the in-memory
// catalog and its search index. Shared by the touch UI and the `ocop` CLI so
// both sell, search and report exactly the same way. No Qt here.
#include "core/catalog.h"
#include "core/receipt.h"
#include "core/search_index.h"
#include "store/store.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocop {

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
    // Reloads the catalog after it changed in the store (catalog sync).
    void reloadCatalog();

    // --- receipts
    ShopHeader shopHeader() const;
    std::optional<Receipt> receiptFor(const std::string& receiptNo, bool reprint) const;

private:
    PosService(std::filesystem::path dataDir, std::unique_ptr<Store> store);

    std::filesystem::path m_dataDir;
    std::unique_ptr<Store> m_store;
    std::vector<Product> m_products; // ordered by code
    ProductSearchIndex m_index;      // entries in m_products order
};

} // namespace ocop
