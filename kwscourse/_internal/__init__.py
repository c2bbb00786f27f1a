"""Private helpers: settings, quiet imports of TensorFlow and transformers, argument checks."""
