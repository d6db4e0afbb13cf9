//! The first things a newcomer does: open the product, sign in, see the demo region.

use reqwest::StatusCode;

crate::both!(
    async fn region_admin_sees_own_region_only(app: TestApp) {
        let b = app.login("admin.sukamaju").await;
        let (s, html) = b.get("/regions/99.01").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Kabupaten Sukamaju"));
        assert!(html.contains("Diskominfo"));
        let (s, _) = b.get("/regions/99.71").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, html) = b.get("/regions").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Sukamaju") && !html.contains("Tirtamulya"));
    }
);

crate::both!(
    async fn health_and_metrics(app: TestApp) {
        let b = app.anonymous();
        assert_eq!(b.get("/healthz").await.0, StatusCode::OK);
        let (s, m) = b.get("/metrics").await;
        assert_eq!(s, StatusCode::OK);
        assert!(m.contains("kotacerdas_http_requests_total"), "{m}");
    }
);
