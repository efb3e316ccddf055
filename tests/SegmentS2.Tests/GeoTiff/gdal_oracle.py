#!/usr/bin/python3
"""GDAL as the test oracle for the GeoTIFF reader (run with /usr/bin/python3, which has osgeo.gdal).

  gdal_oracle.py generate OUT_DIR < cases.json   writes each case with GDAL, then describes it
  gdal_oracle.py describe FILE...                describes existing files
  gdal_oracle.py blocks FILE                     band 1's blocks: {"blocks": [[x, y, offset, size], ...]}
  gdal_oracle.py pixels FILE OUT                 writes every band's pixels to OUT, band after band (row-major, little-endian, native type)

Prints one JSON object: {"files": {path: description}}. A description holds what GDAL reads:
size, type, EPSG (the dataset CRS's EPSG authority code, as gdalinfo -json's stac proj:epsg), geotransform, nodata, per-band SHA-256 of the
pixels (row-major, little-endian, native type), overviews with their band-1 SHA-256, block size,
compression, interleave, scale/offset/description; or {"error": "..."} when GDAL cannot open or read it.
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
gdal.PushErrorHandler('CPLQuietErrorHandler')

TYPES = {
    'Byte': (gdal.GDT_Byte, np.uint8), 'SByte': (gdal.GDT_Byte, np.int8),
    'UInt16': (gdal.GDT_UInt16, np.uint16), 'Int16': (gdal.GDT_Int16, np.int16),
    'UInt32': (gdal.GDT_UInt32, np.uint32), 'Int32': (gdal.GDT_Int32, np.int32),
    'Float32': (gdal.GDT_Float32, np.float32), 'Float64': (gdal.GDT_Float64, np.float64),
    'Int64': (gdal.GDT_Int64, np.int64), 'UInt64': (gdal.GDT_UInt64, np.uint64),
}


def sha256(array):
    a = np.ascontiguousarray(array)
    return hashlib.sha256(a.astype(a.dtype.newbyteorder('<'), copy=False).tobytes()).hexdigest()


def pixels(type_name, width, height, band, seed):
    """Deterministic, varied samples: gradients, waves, noise, and the type's extremes."""
    rng = np.random.RandomState(seed * 131 + band)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    smooth = (x / width + y / height) / 2 + 0.15 * np.sin(x / (7 + band)) * np.cos(y / 11)
    noisy = np.clip(smooth + rng.normal(0, 0.05, (height, width)), 0, 1)
    dtype = TYPES[type_name][1]
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype if np.dtype(dtype).itemsize < 8 else np.int32)
        a = (info.min + noisy * (float(info.max) - float(info.min))).round().astype(dtype)
        a.flat[0], a.flat[1], a.flat[-1] = info.min, info.max, 0
    else:
        a = ((noisy - 0.5) * 1e4).astype(dtype)
        a.flat[0], a.flat[1], a.flat[2], a.flat[3] = np.nan, np.inf, -np.inf, np.finfo(dtype).tiny
    return a


def generate(out_dir, cases):
    mem = gdal.GetDriverByName('MEM')
    written = []
    for case in cases:
        t = case['type']
        width, height, bands = case.get('width', 300), case.get('height', 200), case.get('bands', 1)
        src = mem.Create('', width, height, bands, TYPES[t][0], ['PIXELTYPE=SIGNEDBYTE'] if t == 'SByte' else [])
        for b in range(bands):
            band = src.GetRasterBand(b + 1)
            values = pixels(t, width, height, b, case.get('seed', 1))
            if case.get('bits') == 1:
                values = (values > 127).astype(np.uint8)  # bilevel: runs of 0 and 1 for CCITT
            band.WriteArray(values)
            if 'scale' in case:
                band.SetScale(case['scale'][b])
                band.SetOffset(case['offset'][b])
            if 'descriptions' in case:
                band.SetDescription(case['descriptions'][b])
        if case.get('epsg'):
            src.SetProjection(f'EPSG:{case["epsg"]}')
        if case.get('geoTransform'):
            src.SetGeoTransform(case['geoTransform'])
        if case.get('point'):
            src.SetMetadataItem('AREA_OR_POINT', 'Point')
        nodata = case.get('noData')
        if nodata is not None:
            for b in range(bands):
                src.GetRasterBand(b + 1).SetNoDataValue(float(nodata))
        options = list(case.get('options', []))
        if t == 'SByte' and case.get('driver', 'GTiff') == 'GTiff':
            options.append('PIXELTYPE=SIGNEDBYTE')
        path = os.path.join(out_dir, case['name'] + '.tif')
        driver = gdal.GetDriverByName(case.get('driver', 'GTiff'))
        if case.get('sparse'):
            # Only the left half of the blocks is written; the others stay absent (offset 0, byte count 0).
            ds = driver.Create(path, width, height, bands, TYPES[t][0], options + ['SPARSE_OK=TRUE'])
            if case.get('epsg'):
                ds.SetProjection(src.GetProjection())
            if case.get('geoTransform'):
                ds.SetGeoTransform(case['geoTransform'])
            for b in range(bands):
                if nodata is not None:
                    ds.GetRasterBand(b + 1).SetNoDataValue(float(nodata))
                ds.GetRasterBand(b + 1).WriteArray(src.GetRasterBand(b + 1).ReadAsArray(0, 0, width // 2, height), 0, 0)
        else:
            ds = driver.CreateCopy(path, src, options=options)
            if case.get('overviewLevels'):
                ds.BuildOverviews('NEAREST', case['overviewLevels'])
        ds = None
        written.append(path)
    return written


def describe(path):
    try:
        ds = gdal.Open(path)
        srs = ds.GetSpatialRef()
        epsg = srs.GetAuthorityCode(None) if srs is not None and srs.GetAuthorityName(None) == 'EPSG' else None
        b1 = ds.GetRasterBand(1)
        structure = ds.GetMetadata('IMAGE_STRUCTURE')
        type_name = gdal.GetDataTypeName(b1.DataType)
        if type_name == 'Byte' and b1.GetMetadataItem('PIXELTYPE', 'IMAGE_STRUCTURE') == 'SIGNEDBYTE':
            type_name = 'SByte'
        gt = ds.GetGeoTransform(can_return_null=True)
        nodata = b1.GetNoDataValue()
        bands = [ds.GetRasterBand(i + 1) for i in range(ds.RasterCount)]
        return {
            'width': ds.RasterXSize, 'height': ds.RasterYSize, 'bandCount': ds.RasterCount,
            'dataType': type_name,
            'epsg': int(epsg) if epsg else None,
            'geoTransform': list(gt) if gt is not None else None,
            'noData': None if nodata is None else ('nan' if math.isnan(nodata) else nodata),
            'bandSha256': [sha256(b.ReadAsArray()) for b in bands],
            'overviews': [
                {'size': [b1.GetOverview(i).XSize, b1.GetOverview(i).YSize], 'sha256': sha256(b1.GetOverview(i).ReadAsArray())}
                for i in range(b1.GetOverviewCount())
            ],
            'block': b1.GetBlockSize(),
            'compression': structure.get('COMPRESSION', 'NONE'),
            'interleave': structure.get('INTERLEAVE'),
            'scales': [b.GetScale() for b in bands],
            'offsets': [b.GetOffset() for b in bands],
            'descriptions': [b.GetDescription() for b in bands],
        }
    except Exception as e:  # GDAL could not open or read the file
        return {'error': str(e).splitlines()[0] if str(e) else type(e).__name__}


def main():
    command = sys.argv[1]
    if command == 'blocks':
        ds = gdal.Open(sys.argv[2])  # keep the dataset alive while its band is used
        band = ds.GetRasterBand(1)
        bw, bh = band.GetBlockSize()
        nx, ny = (band.XSize + bw - 1) // bw, (band.YSize + bh - 1) // bh
        blocks = [[x, y, int(band.GetMetadataItem(f'BLOCK_OFFSET_{x}_{y}', 'TIFF') or 0), int(band.GetMetadataItem(f'BLOCK_SIZE_{x}_{y}', 'TIFF') or 0)]
                  for y in range(ny) for x in range(nx)]
        json.dump({'blocks': blocks}, sys.stdout)
        return
    if command == 'pixels':
        ds = gdal.Open(sys.argv[2])
        with open(sys.argv[3], 'wb') as out:
            for i in range(ds.RasterCount):
                a = np.ascontiguousarray(ds.GetRasterBand(i + 1).ReadAsArray())
                out.write(a.astype(a.dtype.newbyteorder('<'), copy=False).tobytes())
        json.dump({'bandCount': ds.RasterCount}, sys.stdout)
        return
    if command == 'generate':
        files = generate(sys.argv[2], json.load(sys.stdin))
    else:
        files = sys.argv[2:]
    json.dump({'files': {f: describe(f) for f in files}}, sys.stdout)


if __name__ == '__main__':
    main()
