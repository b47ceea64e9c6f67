using System.Security.Cryptography;

namespace Blueprint.Web.Features.Access;

/// <summary>
/// One-time passwords for new and reset accounts: 12 characters from a cryptographic source,
/// with an upper-case letter, a lower-case letter and a digit (the sign-in policy), and without
/// the look-alikes 0/O, 1/l/I that make a password read out over the phone fail.
/// </summary>
public static class InitialPassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Digits = "23456789";
    private const int Length = 12;

    public static string New()
    {
        var all = Upper + Lower + Digits;
        var chars = new char[Length];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
