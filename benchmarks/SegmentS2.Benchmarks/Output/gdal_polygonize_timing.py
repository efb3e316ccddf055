#!/usr/bin/python3
"""GDAL's polygonising time for the benchmark's fragmented mask, for the table in benchmarks/README.md.

Usage: /usr/bin/python3 gdal_polygonize_timing.py FILE [RUNS]
FILE is the Byte GeoTIFF that MaskPolygonizerBenchmarks' setup writes ($TMPDIR/segments2-benchmarks/
fragmented_mask_1024.tif). Times, 4-connected as GDAL's default:
  - gdal.Polygonize in-process into an OGR Memory layer, the band as its own mask (foreground polygons
    only, as MaskPolygonizer), then with no mask (background polygons too, as plain gdal_polygonize.py);
    only the Polygonize call is timed, the dataset is opened and read before;
  - the whole gdal_polygonize.py command writing GeoJSON (Python start-up and writing included), with
    -mask FILE and with the default mask.
Prints the median and minimum of each in milliseconds, and the foreground polygon and hole counts.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

from osgeo import gdal, ogr

gdal.UseExceptions()
path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15

ds = gdal.Open(path)
band = ds.GetRasterBand(1)
band.ReadAsArray()  # blocks into GDAL's cache: the timed calls polygonise, they do not decode


def in_process(mask):
    source = ogr.GetDriverByName('Memory').CreateDataSource('mem')  # the layer lives as long as its source
    layer = source.CreateLayer('polygons')
    layer.CreateField(ogr.FieldDefn('value', ogr.OFTInteger))
    start = time.perf_counter()
    gdal.Polygonize(band, mask, layer, 0, [])
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, source, layer


def report(name, times):
    times = times[2:]  # the first runs warm caches
    print(f'GDAL {gdal.__version__} {name:58} median {statistics.median(times):7.1f} ms  min {min(times):7.1f} ms')


for name, mask in (('gdal.Polygonize, band as mask (foreground only)', band), ('gdal.Polygonize, no mask (background polygons too)', None)):
    times = []
    for _ in range(runs + 2):
        elapsed, _, _ = in_process(mask)
        times.append(elapsed)
    report(name, times)

_, source, layer = in_process(band)
holes = sum(f.GetGeometryRef().GetGeometryCount() - 1 for f in layer)
print(f'foreground polygons {layer.GetFeatureCount()}, holes {holes}')

with tempfile.TemporaryDirectory() as folder:
    out = os.path.join(folder, 'out.geojson')
    for name, extra in (('gdal_polygonize.py -mask FILE -f GeoJSON (whole command)', ['-mask', path]), ('gdal_polygonize.py -f GeoJSON (whole command)', [])):
        times = []
        for _ in range(max(3, runs // 3) + 2):
            if os.path.exists(out):
                os.remove(out)
            start = time.perf_counter()
            subprocess.run(['gdal_polygonize.py', '-q', *extra, path, '-f', 'GeoJSON', out], check=True)
            times.append((time.perf_counter() - start) * 1000)
        report(name, times)
