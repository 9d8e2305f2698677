"""The site as a whole: home page, health check, sitemap, demo data."""
