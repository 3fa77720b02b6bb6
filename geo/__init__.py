"""Domain logic for the Gladsaxe green map. Never imports streamlit."""
