"""Measurement tool for 海外知財支援ナビ: accuracy, latency, load and cost (`make bench`)."""
