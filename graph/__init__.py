"""The Zhiqian domain: value types, graph model, settings, errors and stores."""
