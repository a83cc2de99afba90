"""Text handling: cleaning with an offset map, language detection, segmentation."""
