"""Impact statistics without Django (MEASUREMENT.md sections 2, 3 and 5).

Every metric is one `Metric` record: value, interval, n, effective n, the method in words and a
status that says what the figure may be used for. scipy and statsmodels are imported inside the
functions that need them, so importing this package costs nothing on a web request.
"""
