using SegmentS2.Output;

namespace SegmentS2.Tests.Output;

public class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segment-s2-atomic").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Complete_write_appears_whole()
    {
        string path = Path.Combine(_dir, "a.bin");
        await AtomicFile.WriteAsync(path, (s, ct) => s.WriteAsync(new byte[1000], ct).AsTask());
        Assert.Equal(1000, new FileInfo(path).Length);
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Failed_write_leaves_neither_file_nor_temporary()
    {
        string path = Path.Combine(_dir, "b.bin");
        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (s, ct) =>
        {
            await s.WriteAsync(new byte[10], ct);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Cancelled_write_keeps_the_previous_file()
    {
        string path = Path.Combine(_dir, "c.bin");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, async (s, ct) =>
        {
            await s.WriteAsync(new byte[10], ct);
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
        }, cts.Token));
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(_dir));
    }
}
