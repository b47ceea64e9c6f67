using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Blueprint.Tests.Map;

/// <summary>
/// Pictures made in the test with known EXIF: a JPEG encoded by SkiaSharp, with an APP1 Exif
/// segment written by hand (a little-endian TIFF: IFD0 → Exif IFD with DateTimeOriginal, and a GPS
/// IFD with latitude and longitude) spliced in right after the start-of-image marker.
/// </summary>
public static class PhotoFixtures
{
    public static byte[] Jpeg(DateTime? takenLocal, double? latitude, double? longitude, int width = 64, int height = 48)
    {
        var plain = Encode(SKEncodedImageFormat.Jpeg, width, height);
        if (takenLocal is null && latitude is null)
        {
            return plain;
        }

        var tiff = Tiff(takenLocal, latitude, longitude);
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1.AsSpan(10));
        return [.. plain.AsSpan(0, 2), .. app1, .. plain.AsSpan(2)];
    }

    public static byte[] Png(int width = 40, int height = 30) => Encode(SKEncodedImageFormat.Png, width, height);

    private static byte[] Encode(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x1f, 0x4e, 0x8c));
            using var paint = new SKPaint { Color = new SKColor(0xd4, 0xa0, 0x17) };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] Tiff(DateTime? taken, double? latitude, double? longitude)
    {
        var b = new byte[190];
        var s = b.AsSpan();
        "II"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);

        // IFD0 at 8: the Exif IFD (at 38) and the GPS IFD (at 76).
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], 2);
        Entry(s, 10, 0x8769, 4, 1, 38);
        Entry(s, 22, 0x8825, 4, 1, 76);
        BinaryPrimitives.WriteUInt32LittleEndian(s[34..], 0);

        // Exif IFD at 38: DateTimeOriginal, 20 ASCII bytes at 56 (none when no time is given).
        BinaryPrimitives.WriteUInt16LittleEndian(s[38..], (ushort)(taken is null ? 0 : 1));
        if (taken is { } t)
        {
            Entry(s, 40, 0x9003, 2, 20, 56);
            Encoding.ASCII.GetBytes(t.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).CopyTo(s[56..]);
        }

        // GPS IFD at 76: version, N, latitude (rationals at 142), E, longitude (rationals at 166).
        BinaryPrimitives.WriteUInt16LittleEndian(s[76..], (ushort)(latitude is null ? 0 : 5));
        if (latitude is { } lat && longitude is { } lon)
        {
            Entry(s, 78, 0x0000, 1, 4, 0x00000302);
            Entry(s, 90, 0x0001, 2, 2, 'N');
            Entry(s, 102, 0x0002, 5, 3, 142);
            Entry(s, 114, 0x0003, 2, 2, 'E');
            Entry(s, 126, 0x0004, 5, 3, 166);
            Degrees(s, 142, lat);
            Degrees(s, 166, lon);
        }

        return b;
    }

    private static void Entry(Span<byte> s, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s[at..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 2)..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 4)..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 8)..], value);
    }

    private static void Degrees(Span<byte> s, int at, double value)
    {
        var degrees = Math.Floor(value);
        var minutes = Math.Floor((value - degrees) * 60);
        var seconds = (((value - degrees) * 60) - minutes) * 60;
        uint[] parts = [(uint)degrees, 1, (uint)minutes, 1, (uint)Math.Round(seconds * 10000), 10000];
        for (var i = 0; i < parts.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[(at + (4 * i))..], parts[i]);
        }
    }
}
