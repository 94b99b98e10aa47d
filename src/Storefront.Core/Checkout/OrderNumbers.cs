using System.Security.Cryptography;
using Storefront.Core.Orders;

namespace Storefront.Core.Checkout;

/// <summary>Order numbers shoppers can read out on the phone: no 0/O or 1/I confusion.</summary>
public static class OrderNumbers
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string Next() => "SF-" + RandomNumberGenerator.GetString(Alphabet, 8);
}
