/* Stand-in for the Digital Analytics Program (DAP) tag. The demo runs offline, so this file
   only marks that the tag loaded; it sends nothing anywhere. */
window.__dapLoaded = true;
