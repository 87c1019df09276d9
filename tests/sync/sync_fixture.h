#pragma once
// A terminal data directory for the sync tests: a real SQLite file made by
// PosService::initDemo (small demo catalog, users, opening stock), removed
// afterwards.
#include "core/cart.h"
#include "core/payment.h"
#include "service/pos_service.h"
#include "sync/agent/sync_session.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace synctest {

namespace fs = std::filesystem;

class TerminalDir {
public:
    explicit TerminalDir(const std::string& tag, std::size_t products = 12)
    {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = fs::temp_directory_path() /
              ("ocop-sync-" + tag + "-" + std::to_string(::getpid()) + "-" + (info ? info->name() : "x"));
        fs::remove_all(dir);
        ocop::DemoOptions opt;
        opt.products = products;
        svc = ocop::PosService::initDemo(dir, opt);
    }
    ~TerminalDir()
    {
        svc.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    ocop::Store& store() { return svc->store(); }

    // n more outbox events (stock receipts, one transaction each).
    void addEvents(int n)
    {
        const auto& p = svc->products().front();
        for (int i = 0; i < n; ++i)
            store().recordStockMovement(p.code, 1, "receipt", "PN-" + std::to_string(i), "", ocop::nowMs());
    }

    ocop::Sale sell()
    {
        ocop::Cart cart;
        const ocop::Product* p = nullptr;
        for (const auto& x : svc->products())
            if (x.active && store().onHand(x.code) > 0) {
                p = &x;
                break;
            }
        cart.add(*p, 1);
        const auto shift = store().openShift() ? store().openShift()->id : store().startShift("U001", 0, ocop::nowMs()).id;
        ocop::SaleDraft d;
        d.cart = &cart;
        d.payments = {{ocop::PaymentMethod::Cash, cart.totals().total, ""}};
        d.cashierId = "U001";
        d.shiftId = shift;
        return store().commitSale(d, ocop::nowMs());
    }

    void enrollDirectly(const std::string& url, const std::string& token)
    {
        store().setSetting(ocop::sync::key::ServerUrl, url);
        store().setSetting(ocop::sync::key::Token, token);
    }

    fs::path dir;
    std::unique_ptr<ocop::PosService> svc;
};

} // namespace synctest
