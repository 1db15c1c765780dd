"""Storage: SQLAlchemy models, engine, repositories, migrations. Only layer using SQLAlchemy."""
