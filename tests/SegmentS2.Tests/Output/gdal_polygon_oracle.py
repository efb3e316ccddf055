#!/usr/bin/python3
"""GDAL as the oracle for MaskPolygonizer (run by GdalPolygonOracle.cs under /usr/bin/python3).

Usage: gdal_polygon_oracle.py DIR
DIR/cases.json lists the cases: [{"name": ..., "width": w, "height": h, "geoTransform": [6 numbers]}].
For each case DIR/NAME.mask holds the mask (w x h bytes, row-major, non-zero foreground) and DIR/NAME.wkt the
polygons under test, one WKT a line. For each case the script
  - rasterises the polygons under test with gdal.RasterizeLayer on the mask's grid (pixel centres, burn 1,
    MERGE_ALG=ADD so that overlapping polygons show as 2) into DIR/NAME.burn (w x h bytes);
  - polygonises the mask with gdal.Polygonize (4-connected, the band as its own mask: foreground only) and
    reports each of GDAL's polygons as [area in pixels, holes], and how many of the polygons under test are
    topologically equal to one of GDAL's (their symmetric difference, by GEOS, is empty).
Prints {"NAME": {"gdal": [[area, holes], ...], "equal": n}, ...} as JSON.
"""
import json
import os
import sys

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
folder = sys.argv[1]
with open(os.path.join(folder, 'cases.json')) as f:
    cases = json.load(f)

result = {}
for case in cases:
    name, w, h, gt = case['name'], case['width'], case['height'], case['geoTransform']
    pixel_area = abs(gt[1] * gt[5] - gt[2] * gt[4])
    mask = np.fromfile(os.path.join(folder, name + '.mask'), dtype=np.uint8).reshape(h, w)
    raster = gdal.GetDriverByName('MEM').Create('', w, h, 1, gdal.GDT_Byte)
    raster.SetGeoTransform(gt)
    band = raster.GetRasterBand(1)
    band.WriteArray(mask)

    gdal_source = ogr.GetDriverByName('Memory').CreateDataSource('gdal')
    gdal_layer = gdal_source.CreateLayer('polygons')
    gdal_layer.CreateField(ogr.FieldDefn('value', ogr.OFTInteger))
    gdal.Polygonize(band, band, gdal_layer, 0, [])
    gdal_polygons = [f.GetGeometryRef().Clone() for f in gdal_layer]
    by_key = {}
    for g in gdal_polygons:
        by_key.setdefault((round(g.GetArea() / pixel_area), g.GetEnvelope()), []).append(g)

    ours_source = ogr.GetDriverByName('Memory').CreateDataSource('ours')
    ours_layer = ours_source.CreateLayer('polygons')
    equal = 0
    with open(os.path.join(folder, name + '.wkt')) as f:
        for line in f:
            if not line.strip():
                continue
            g = ogr.CreateGeometryFromWkt(line)
            feature = ogr.Feature(ours_layer.GetLayerDefn())
            feature.SetGeometry(g)
            ours_layer.CreateFeature(feature)
            candidates = by_key.get((round(g.GetArea() / pixel_area), g.GetEnvelope()), [])
            equal += any(g.SymDifference(c).IsEmpty() for c in candidates)

    burn = gdal.GetDriverByName('MEM').Create('', w, h, 1, gdal.GDT_Byte)
    burn.SetGeoTransform(gt)
    gdal.RasterizeLayer(burn, [1], ours_layer, burn_values=[1], options=['MERGE_ALG=ADD'])
    burn.GetRasterBand(1).ReadAsArray().astype(np.uint8).tofile(os.path.join(folder, name + '.burn'))

    result[name] = {
        'gdal': [[round(g.GetArea() / pixel_area, 3), g.GetGeometryCount() - 1] for g in gdal_polygons],
        'equal': equal,
    }

json.dump(result, sys.stdout)
