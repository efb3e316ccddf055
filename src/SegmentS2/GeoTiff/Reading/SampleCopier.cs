using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Reading;

/// <summary>Copies one band's samples out of a row of interleaved samples.</summary>
internal static class SampleCopier
{
    /// <summary>
    /// Copies <paramref name="count"/> samples of <paramref name="bytesPerSample"/> bytes from
    /// <paramref name="source"/>, taking every <paramref name="stride"/>-th sample from the first.
    /// </summary>
    public static void Gather(ReadOnlySpan<byte> source, int stride, Span<byte> destination, int count, int bytesPerSample)
    {
        if (stride == 1)
        {
            source[..(count * bytesPerSample)].CopyTo(destination);
            return;
        }

        switch (bytesPerSample)
        {
            case 1:
                Gather(source, stride, destination, count);
                break;
            case 2:
                Gather(MemoryMarshal.Cast<byte, ushort>(source), stride, MemoryMarshal.Cast<byte, ushort>(destination), count);
                break;
            case 4:
                Gather(MemoryMarshal.Cast<byte, uint>(source), stride, MemoryMarshal.Cast<byte, uint>(destination), count);
                break;
            default:
                Gather(MemoryMarshal.Cast<byte, ulong>(source), stride, MemoryMarshal.Cast<byte, ulong>(destination), count);
                break;
        }
    }

    private static void Gather<T>(ReadOnlySpan<T> source, int stride, Span<T> destination, int count)
        where T : unmanaged
    {
        destination = destination[..count];
        for (int i = 0, j = 0; i < destination.Length; i++, j += stride)
        {
            destination[i] = source[j];
        }
    }
}
