using SegmentS2.GeoTiff.Writing.Layout;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>The tile scratch space: memory up to its limit, then a scratch file that disappears when disposed.</summary>
public sealed class TileSpillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-spill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Small_tiles_stay_in_memory_and_no_file_is_made()
    {
        string path = Path.Combine(_dir, "x.tiles.tmp");
        using (var spill = new TileSpill(path))
        {
            long first = await spill.AppendAsync([new byte[] { 1, 2, 3 }, new byte[] { 4 }], CancellationToken.None);
            long second = await spill.AppendAsync([new byte[] { 5, 6 }], CancellationToken.None);
            var read = new byte[4];
            await spill.ReadAsync(2, read, CancellationToken.None);

            Assert.Equal((0, 4, 6), (first, second, spill.Length));
            Assert.Equal(new byte[] { 3, 4, 5, 6 }, read);
            Assert.False(spill.OnDisk);
            Assert.False(File.Exists(path));
            await Assert.ThrowsAsync<IOException>(async () => await spill.ReadAsync(4, new byte[3], CancellationToken.None));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Past_the_memory_limit_every_byte_moves_to_the_scratch_file_which_is_deleted_on_dispose()
    {
        string path = Path.Combine(_dir, "y.tiles.tmp");
        var random = new Random(3);
        var chunks = Enumerable.Range(0, 5).Select(_ => new byte[TileSpill.MemoryLimit / 3]).ToArray();
        foreach (var chunk in chunks)
        {
            random.NextBytes(chunk);
        }

        using (var spill = new TileSpill(path))
        {
            var offsets = new List<long>();
            foreach (var chunk in chunks)
            {
                offsets.Add(await spill.AppendAsync([chunk], CancellationToken.None));
            }

            Assert.True(spill.OnDisk);
            Assert.True(File.Exists(path));
            Assert.Equal(5L * chunks[0].Length, spill.Length);
            for (int i = 0; i < chunks.Length; i++)
            {
                Assert.Equal((long)i * chunks[0].Length, offsets[i]);
                var read = new byte[chunks[i].Length];
                await spill.ReadAsync(offsets[i], read, CancellationToken.None);
                Assert.Equal(chunks[i], read);
            }
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
