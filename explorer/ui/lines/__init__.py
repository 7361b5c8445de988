"""Line-API widgets: views that draw their own lines (virtualised, one strip per visible row)."""
