using System.Security.Cryptography;

namespace Storefront.Core.Orders;

/// <summary>Order numbers shoppers can read out on the phone: no 0/O or 1/I confusion.</summary>
public static class OrderNumbers
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string Next() => "SF-" + RandomNumberGenerator.GetString(Alphabet, 8);
}
