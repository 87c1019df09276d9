#pragma once
// A deterministic, believable Hanoi OCOP catalog for demos, tests and
// benchmarks (`ocop init --demo [--products N]`, the central server's seed
// data, load tests). At its default size it reproduces Hanoi's published
// figures, so screens and reports show numbers people recognise.
#include "core/catalog.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ocop {

struct DemoUser {
    std::string id;   // "U001"
    std::string name;
    std::string role; // "cashier" | "manager"
    std::string pin;  // plain digits: demo only, the store hashes it
};

struct DemoCatalog {
    std::vector<SalesPoint> points; // points[0] is the demo terminal's own (Hoàn Kiếm)
    std::vector<Producer> producers;
    std::vector<Product> products;
    std::vector<std::int64_t> openingStock; // per product, same order: units on hand at points[0]
    std::vector<DemoUser> users;
};

// The figures makeDemoCatalog reproduces at productCount == kDemoPublishedProducts
// (Hanoi, late 2021).
inline constexpr std::size_t kDemoPublishedProducts = 1054;
inline constexpr std::size_t kDemoPublishedProducers = 255;
inline constexpr std::size_t kDemoPublishedSalesPoints = 35;
// GTINs give each producer a 6-digit company number after the 893 prefix, which
// caps the producers, and so the products, a catalog can have.
inline constexpr std::size_t kDemoMaxProducts = 2'000'000;

// productCount 1054 reproduces the published figures exactly (1,054 products,
// 255 producers: 72 enterprises, 82 cooperatives, 101 households; 691 food,
// 30 drinks, 7 herbal, 27 textile, 299 souvenir/furniture/decoration; 17
// potential 5-star; 35 sales points). Other counts scale every figure
// proportionally (largest-remainder rounding, so parts always add up), with
// at least one sales point per district and one producer per non-empty group.
// Same inputs give byte-identical output on every run and machine.
// Throws UserError when productCount exceeds kDemoMaxProducts.
DemoCatalog makeDemoCatalog(std::size_t productCount = kDemoPublishedProducts, std::uint64_t seed = 2021);

} // namespace ocop
