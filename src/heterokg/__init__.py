"""heterokg: claims about heterostructures and interphases from battery-materials reviews, as RDF."""

__version__ = "0.1.0"
