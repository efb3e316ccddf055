#!/usr/bin/python3
"""GDAL's decode time for the benchmark COG, for the table in benchmarks/README.md.

Usage: /usr/bin/python3 gdal_decode_timing.py FILE [RUNS] [--all-bands]
(--all-bands: read every band, ds.ReadAsArray, as for the pixel-interleaved JPEG benchmark file)
Times band 1 ReadAsArray (full band, and the 1000,1000 1024x1024 window) in-process, with
GDAL_NUM_THREADS=1 (GDAL's default) and ALL_CPUS, reopening the file each run so GDAL's block cache
never serves a repeat. Prints the median and minimum of each in milliseconds.
"""
import statistics
import sys
import time

from osgeo import gdal

gdal.UseExceptions()
all_bands = '--all-bands' in sys.argv
args = [a for a in sys.argv[1:] if a != '--all-bands']
path, runs = args[0], int(args[1]) if len(args) > 1 else 15

for threads in ('1', 'ALL_CPUS'):
    gdal.SetConfigOption('GDAL_NUM_THREADS', threads)
    for name, window in (('full band', None), ('1024x1024 window', (1000, 1000, 1024, 1024))):
        times = []
        for _ in range(runs + 2):
            ds = gdal.Open(path)
            band = ds if all_bands else ds.GetRasterBand(1)
            start = time.perf_counter()
            band.ReadAsArray(*window) if window else band.ReadAsArray()
            times.append((time.perf_counter() - start) * 1000)
            ds = None
        times = times[2:]  # the first runs warm the page cache
        print(f'GDAL {gdal.__version__} GDAL_NUM_THREADS={threads:8} {name:17} median {statistics.median(times):7.1f} ms  min {min(times):7.1f} ms')
