using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Checkout;
using Storefront.Core.Identity;
using Storefront.Core.Incentives;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Core.Planning;
using Storefront.Core.Reports;
using Storefront.Core.Shipping;
using Storefront.Core.Suppliers;

namespace Storefront.Core;

public static class StorefrontServices
{
    /// <summary>Every capability of the store, each registering its own services and background jobs.</summary>
    public static IServiceCollection AddStorefrontCore(this IServiceCollection services, IConfiguration configuration) => services
        .AddCatalog(configuration)
        .AddInventory()
        .AddSuppliers()
        .AddPlanning()
        .AddCheckout(configuration)
        .AddPayments(configuration)
        .AddOrders(configuration)
        .AddShipping(configuration)
        .AddIncentives()
        .AddNotifications(configuration)
        .AddReports()
        .AddApiKeys();
}
