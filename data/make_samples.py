#!/usr/bin/python3
"""Regenerate the small committed sample datasets in data/ (run from the repository root):

    /usr/bin/python3 data/make_samples.py

Needs only NumPy (Debian's python3-numpy). Output is byte-for-byte reproducible for a given NumPy
version: synthetic arrays come from numpy.random.default_rng with fixed seeds (PCG64, stable across
NumPy versions), and the real NOAA columns are parsed from the CSV files in data/source/ (copied
unchanged from the npm package vega-datasets@3.2.1; see data/README.md).
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def column(csv_name, name):
    with open(os.path.join(HERE, "source", csv_name), newline="") as f:
        return np.array([float(row[name]) for row in csv.DictReader(f)], dtype=np.float64)


def save(name, array):
    path = os.path.join(HERE, name)
    np.save(path, array)
    print(f"{name:32} {str(array.dtype):8} {str(array.shape):14} {os.path.getsize(path):>9} bytes")


# Real data: NOAA 1981-2010 hourly climate normals for Seattle (8,759 hours) and daily Seattle weather 2012-2015.
save("seattle_hourly_temperature.npy", column("seattle-weather-hourly-normals.csv", "temperature"))
save("seattle_daily_precipitation.npy", column("seattle-weather.csv", "precipitation"))
save("seattle_daily_temp_max.npy", column("seattle-weather.csv", "temp_max"))

# Synthetic, seeded.
save("normal_f8.npy", np.random.default_rng(42).normal(10.0, 2.5, 200_000))
save("uniform_f4.npy", np.random.default_rng(7).uniform(-1.0, 1.0, 100_000).astype(np.float32))
with_nans = np.random.default_rng(11).normal(0.0, 1.0, 100_000)
with_nans[np.random.default_rng(12).random(100_000) < 0.01] = np.nan
save("with_nans_f8.npy", with_nans)
save("integers_i4.npy", np.random.default_rng(5).integers(-1000, 1000, 100_000, dtype=np.int32))
# 2-D: 1000 rows x 16 columns, column j ~ Normal(j, 1 + j/4), so per-axis statistics are easy to read.
rng = np.random.default_rng(3)
matrix = rng.normal(0.0, 1.0, (1000, 16)) * (1.0 + np.arange(16) / 4.0) + np.arange(16)
save("matrix_f8.npy", matrix)
