namespace UnionOffice.Pdf;

/// <summary>
/// An image as a PDF wants it: 8-bit samples, rows top to bottom, gray (1 component) or RGB (3), with an optional
/// 8-bit alpha channel kept apart, because PDF draws transparency from a separate soft mask (/SMask) image.
/// A signature or seal scan (a PNG with a transparent background, NĐ30 Phụ lục I) is read into one with <see cref="FromPng"/>.
/// </summary>
public sealed class RasterImage
{
    /// <summary>
    /// The largest side a PNG may have: a 36 mm seal at 600 dpi is about 850 pixels, so 4000 leaves room without letting
    /// a hostile file ask for gigabytes. Raw pixels (a scanned page the product made itself) are not bound by it.
    /// </summary>
    public const int MaxPngSide = 4000;

    public RasterImage(int width, int height, int components, byte[] pixels, byte[]? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (components is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(components), "1 (gray) or 3 (RGB) components.");
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image sides are at least 1 pixel.");
        if (pixels.Length != (long)width * height * components) throw new ArgumentException("The pixel buffer does not match the image size.", nameof(pixels));
        if (alpha is not null && alpha.Length != (long)width * height) throw new ArgumentException("The alpha buffer does not match the image size.", nameof(alpha));
        (Width, Height, Components, Pixels) = (width, height, components, pixels);
        // A fully opaque alpha channel is dropped: no soft mask is then written.
        Alpha = alpha is not null && alpha.AsSpan().ContainsAnyExcept((byte)255) ? alpha : null;
    }

    public int Width { get; }
    public int Height { get; }
    public int Components { get; }
    public byte[] Pixels { get; }
    /// <summary>Opacity per pixel (0 transparent, 255 opaque), or null when the image is opaque.</summary>
    public byte[]? Alpha { get; }

    /// <summary>Reads a PNG (see <see cref="PngDecoder"/>); refuses with a <see cref="Reading.PdfFormatException"/> in words a user can be shown.</summary>
    public static RasterImage FromPng(byte[] png) => PngDecoder.Decode(png);

    /// <summary>Writes the image XObject (and its soft mask when there is alpha); returns the image's object number.</summary>
    internal int WriteTo(IObjectSink sink)
    {
        var mask = Alpha is null ? "" : $"/SMask {sink.Stream(Alpha, compress: true, $"/Type /XObject /Subtype /Image /Width {Width} /Height {Height} /ColorSpace /DeviceGray /BitsPerComponent 8 ")} 0 R ";
        return sink.Stream(Pixels, compress: true,
            $"/Type /XObject /Subtype /Image /Width {Width} /Height {Height} /ColorSpace /{(Components == 1 ? "DeviceGray" : "DeviceRGB")} /BitsPerComponent 8 {mask}");
    }
}
